// Builds dist/: one esbuild bundle per entry, every runtime dependency inside, byte-identical on any machine.
// `npm run build` writes dist/; scripts/check-dist.mjs builds into a temporary folder and compares.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The shipped entries: the CLI (bin/dust-skills.js imports it) and the Action (action.yml runs it). */
export const ENTRIES = { cli: "src/cli.ts", action: "src/action/main.ts" };

/**
 * CommonJS dependencies (undici, yargs' helpers) call require() for Node's built-ins; an ESM bundle has
 * no require, so give it Node's own. Same text on every machine: no path, no date.
 */
const BANNER = [
  "// Built by scripts/build.mjs from src/ (https://esbuild.github.io). Do not edit: run `npm run build`.",
  'import { createRequire as __dustSkillsCreateRequire } from "node:module";',
  "const require = __dustSkillsCreateRequire(import.meta.url);",
].join("\n");

/**
 * string-width (yargs and its cliui measure help text with it, and yargs lays out its help for every command it
 * runs) builds an RGI_Emoji regular expression and an Intl.Segmenter when its module is evaluated: ~50 ms, a third
 * of the CLI's startup. Importers get a stand-in instead: printable ASCII is one column a character, exactly what
 * string-width returns for it (test/ship/string-width.test.ts checks each copy bundled); any other text goes to
 * the real module, loaded on first need. esbuild turns the require() of the bundled ES module into a deferred
 * module initializer, so nothing is read from disk at run time.
 */
const lazyStringWidth = {
  name: "lazy-string-width",
  setup(b) {
    b.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData?.real) return undefined;
      const real = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: { real: true } });
      if (real.errors.length > 0) return { errors: real.errors };
      // A path relative to the project: the bundle names each module in a comment, and must not name this machine.
      return { path: relative(ROOT, real.path).split(sep).join("/"), namespace: "lazy-string-width" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-string-width" }, (args) => ({
      contents: [
        "let real;",
        "export default function stringWidth(text, options) {",
        "  if (typeof text === 'string' && /^[\\x20-\\x7e]*$/.test(text)) return text.length;",
        `  real ??= require(${JSON.stringify(`./${basename(args.path)}`)}).default;`,
        "  return real(text, options);",
        "}",
      ].join("\n"),
      resolveDir: join(ROOT, dirname(args.path)),
      loader: "js",
    }));
  },
};

/**
 * An ES module bundle hoists every `import … from "node:http"` to its top, so Node would load (and compile) http,
 * zlib, crypto, child_process… at every start, even for `--version`: ~20 ms. Each built-in module is imported
 * through a CommonJS stand-in instead, which esbuild initializes only when the module that imports it first runs
 * (the commands are loaded on demand, see src/commands/index.ts).
 */
const lazyBuiltins = {
  name: "lazy-builtins",
  setup(b) {
    const builtin = new Set(builtinModules);
    b.onResolve({ filter: /^[a-z0-9_:/]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, "");
      if (!builtin.has(name) || args.kind !== "import-statement" || args.namespace === "lazy-builtin") return undefined;
      return { path: `node:${name}`, namespace: "lazy-builtin" };
    });
    b.onLoad({ filter: /.*/, namespace: "lazy-builtin" }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

/** Builds every entry into `outdir` (emptied first) and returns the files written, relative to it, sorted. */
export async function buildDist(outdir) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // No source maps: they would point at src/, which the package does not ship. The bundle is not minified,
    // so a stack trace names readable code, and each module starts with a `// src/...` comment.
    sourcemap: false,
    minify: false,
    legalComments: "none",
    banner: { js: BANNER },
    plugins: [lazyStringWidth, lazyBuiltins],
    metafile: true,
    logLevel: "warning",
  });
  writeFileSync(join(outdir, "licenses.txt"), thirdPartyLicenses(result.metafile));
  return listFiles(outdir);
}

/**
 * The bundled packages' license texts: MIT and ISC ask that the notice travels with the code, and the code now
 * travels inside dist/. Built from esbuild's list of inputs, so it names exactly what is inside.
 */
function thirdPartyLicenses(metafile) {
  const packages = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const parts = input.split("/");
    const at = parts.lastIndexOf("node_modules");
    if (at < 0 || input.includes(":")) continue; // lazy-string-width: stand-ins, not packages
    const nameParts = parts[at + 1]?.startsWith("@") ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
    const dir = parts.slice(0, at + 1 + nameParts.length).join("/");
    packages.set(dir, nameParts.join("/"));
  }
  const sections = [...packages.entries()]
    .sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dir, name]) => {
      const pkg = JSON.parse(readFileSync(join(ROOT, dir, "package.json"), "utf8"));
      const licenseFile = readdirSync(join(ROOT, dir)).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
      const text = licenseFile ? readFileSync(join(ROOT, dir, licenseFile), "utf8").trim() : `License: ${pkg.license}`;
      return `${name}@${pkg.version} (${pkg.license})\n\n${text}\n`;
    });
  const rule = `\n${"-".repeat(78)}\n\n`;
  return `Third-party code bundled into dist/cli.js and dist/action.js:\n${rule}${sections.join(rule)}`;
}

export function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name)).split(sep).join("/")]))
    .sort();
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = resolve(ROOT, process.argv[2] ?? "dist");
  const files = await buildDist(outdir);
  console.log(`built ${files.map((f) => relative(ROOT, join(outdir, f))).join(", ")}`);
}
