import { fileURLToPath } from "node:url";

/**
 * The installed package's folder (package.json, skills-example/). This file sits directly in src/, and the
 * bundle that inlines it sits directly in dist/: from either, the root is one folder up.
 */
export const PACKAGE_ROOT: string = fileURLToPath(new URL("..", import.meta.url));
