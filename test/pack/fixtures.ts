import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import { dustDropReason } from "../../src/bundle/extensions.js";
import type { Bundle, BundleFile } from "../../src/model/bundle.js";

/** The repository identity the packing tests write into every record. */
export const REPOSITORY = "github.com/acme/skills";

/** A repository as path → content; every folder holding a SKILL.md (any case) is a bundle. */
export type RepoFiles = Record<string, string | Buffer>;

/**
 * Bundles built by hand the way discovery describes them (see Bundle in src/model/bundle.ts), so the
 * packing tests do not depend on discovery: every file under the folder belongs to the bundle, except the
 * files of a bundle nested in it (each bundle is uploaded in its own record folder), kept or dropped by
 * Dust's extension table.
 */
export function bundlesOf(files: RepoFiles, root = "/repo", noSkill: string[] = []): Bundle[] {
  const paths = Object.keys(files).sort();
  const skillMds = paths.filter((p) => posix.basename(p).toLowerCase() === "skill.md");
  const dirs = skillMds.map((p) => (posix.dirname(p) === "." ? "" : posix.dirname(p)));
  const innermost = (p: string): string | undefined =>
    dirs.filter((d) => d === "" || p.startsWith(`${d}/`)).sort((a, b) => b.length - a.length)[0];
  return skillMds.map((skillMd) => {
    const dir = posix.dirname(skillMd) === "." ? "" : posix.dirname(skillMd);
    const prefix = dir === "" ? "" : `${dir}/`;
    const own: BundleFile[] = paths
      .filter((p) => p.startsWith(prefix) && innermost(p) === dir)
      .map((p) => ({ rel: p.slice(prefix.length), size: Buffer.byteLength(files[p] as string | Buffer) }));
    const skillRel = skillMd.slice(prefix.length);
    const others = own.filter((f) => f.rel !== skillRel);
    const name = dir === "" ? "root" : posix.basename(dir);
    return {
      root,
      dir,
      skillMd,
      files: own,
      attachments: others.filter((f) => dustDropReason(f.rel) === null),
      dropped: others.flatMap((f) => {
        const reason = dustDropReason(f.rel);
        return reason === null ? [] : [{ file: f, reason }];
      }),
      skill: noSkill.includes(dir) ? null : { name, description: `Does ${name}.`, instructions: "Do it." },
    };
  });
}

/** A readFile over the same map, rooted at `root`; unknown paths fail like the file system does. */
export function memReader(files: RepoFiles, root = "/repo"): (abs: string) => Promise<Buffer> {
  return async (abs) => {
    const rel = posix.relative(root, abs.split("\\").join("/"));
    const content = files[rel];
    if (content === undefined) throw Object.assign(new Error(`ENOENT: ${abs}`), { code: "ENOENT" });
    return Buffer.from(content);
  };
}

export async function writeRepo(root: string, files: RepoFiles): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, ...path.split("/"));
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, content);
  }
}

export function skillMd(name: string, body = "Follow these steps.\n"): string {
  return `---\nname: ${name}\ndescription: Use ${name} when asked.\n---\n${body}`;
}

/** A small repository with the cases packing must handle: attachments, dropped files, a unicode path. */
export const SAMPLE: RepoFiles = {
  "skills/release-notes/SKILL.md": skillMd("release-notes", "Write release notes from merged PRs.\n".repeat(20)),
  "skills/release-notes/references/style.md": "# Style\nShort sentences.\n",
  "skills/release-notes/scripts/collect.py": "print('collect')\n".repeat(40),
  "skills/release-notes/LICENSE": "MIT\n",
  "skills/sql-review/SKILL.md": skillMd("sql-review"),
  "skills/sql-review/assets/checklist.csv": "rule,severity\nno select *,high\n",
  "skills/sql-review/config.toml": "x = 1\n",
  "skills/données/SKILL.md": skillMd("donnees"),
  "skills/données/références/guide.md": "Guide ✓\n",
  "skills/empty-asset/SKILL.md": skillMd("empty-asset"),
  "skills/empty-asset/notes.txt": "",
};
