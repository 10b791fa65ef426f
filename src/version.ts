import { readFileSync } from "node:fs";

// package.json sits one folder above both src/ and dist/, so this resolves the same in tests and in the build.
const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

export const VERSION: string = pkg.version;
