import { memfs } from "memfs";
import type { FsLike } from "../../src/bundle/fs-like.js";
import { loadBundles } from "../../src/bundle/load.js";
import type { LoadOptions, LoadResult } from "../../src/bundle/load.js";

/** A fresh in-memory filesystem holding `files` (absolute paths), typed as the loader's FsLike. */
export function memFs(files: Record<string, string | Buffer> = {}) {
  const { fs, vol } = memfs();
  for (const [path, content] of Object.entries(files)) {
    fs.mkdirSync(path.slice(0, path.lastIndexOf("/")) || "/", { recursive: true });
    fs.writeFileSync(path, content);
  }
  return { fs, vol, fsLike: fs as unknown as FsLike };
}

/** A SKILL.md with valid front matter and a body. */
export const skillMd = (name: string, description = `Does ${name}. Use it when ${name} is needed.`, body = `# ${name}\n\nSteps.\n`) =>
  `---\nname: ${name}\ndescription: ${description}\n---\n${body}`;

/** Loads bundles from an in-memory tree rooted at /repo (never git: memfs is not on disk). */
export async function loadMem(files: Record<string, string | Buffer>, opts: Partial<LoadOptions> = {}): Promise<LoadResult> {
  const { fsLike } = memFs(files);
  return loadBundles({ roots: [], cwd: "/repo", fs: fsLike, ...opts });
}

/** `file:line:col rule` for each diagnostic: compact to assert on. */
export const brief = (r: LoadResult): string[] => r.diagnostics.map((d) => `${d.file}:${d.line}:${d.col} ${d.rule}`);
