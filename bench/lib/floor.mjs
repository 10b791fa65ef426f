// The physical floor of a plan, as one plain Node process: list the repository's files with git, read every
// one of them, and GET the workspace listing once (body read and parsed). Prints one JSON line.
// Usage: node bench/lib/floor.mjs <repo> <baseUrl> <workspaceId>   (DUST_API_KEY in the environment)
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const [repo, baseUrl, workspaceId] = process.argv.slice(2);
const started = performance.now();
const listing = fetch(`${baseUrl}/api/v1/w/${workspaceId}/skills?status=active&bypassEditorVisibility=true`, {
  headers: { authorization: `Bearer ${process.env.DUST_API_KEY}` },
}).then(async (res) => {
  const text = await res.text();
  return { bytes: Buffer.byteLength(text), skills: JSON.parse(text).skills.length };
});
const files = execFileSync("git", ["ls-files", "-z"], { cwd: repo, maxBuffer: 1 << 30 }).toString().split("\0").filter(Boolean);
let bytes = 0;
for (const f of files) bytes += readFileSync(join(repo, f)).length;
const listed = await listing;
console.log(JSON.stringify({ files: files.length, bytes, listingBytes: listed.bytes, skills: listed.skills, ms: performance.now() - started }));
