// check-dist: the committed dist/ must be exactly what `npm run build` makes from the committed sources, so
// main never ships code that differs from src/. Builds into a temporary folder and compares byte for byte.
// Usage: node scripts/check-dist.mjs [dist folder to check, default dist/]
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { ROOT, buildDist, listFiles } from "./build.mjs";

const FIX = "run npm run build and commit dist/";

/** Every difference between `committed` and a fresh build, one line each; empty when they are the same. */
async function checkDist(committed) {
  const fresh = mkdtempSync(join(tmpdir(), "dust-skills-check-dist-"));
  try {
    const expected = await buildDist(fresh);
    const actual = existsSync(committed) ? listFiles(committed) : [];
    const name = (file) => shown(join(committed, file));
    const problems = [];
    for (const file of expected) {
      if (!actual.includes(file)) problems.push(`${name(file)} is missing`);
      else if (!readFileSync(join(committed, file)).equals(readFileSync(join(fresh, file)))) {
        problems.push(`${name(file)} differs from a fresh build (${firstDifference(join(committed, file), join(fresh, file))})`);
      }
    }
    for (const file of actual) if (!expected.includes(file)) problems.push(`${name(file)} is not made by the build`);
    return problems;
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}

/** A path as a person finds it: relative inside the project (dist/cli.js), absolute elsewhere. */
function shown(path) {
  const rel = relative(ROOT, path);
  return rel.startsWith("..") ? path : rel;
}

/** Where two files first part, as "line N", so a stale bundle points at the module that changed. */
function firstDifference(a, b) {
  const x = readFileSync(a, "utf8").split("\n");
  const y = readFileSync(b, "utf8").split("\n");
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) if (x[i] !== y[i]) return `first at line ${i + 1}`;
  return "same text, different bytes";
}

const dist = resolve(ROOT, process.argv[2] ?? "dist");
const problems = await checkDist(dist);
if (problems.length > 0) {
  for (const p of problems) console.error(`check-dist: ${p}`);
  console.error(`check-dist: dist/ is stale or corrupted: ${FIX}.`);
  process.exitCode = 1;
} else {
  console.log(`check-dist: ${shown(dist)}/ matches a fresh build`);
}
