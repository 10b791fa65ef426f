import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { loadBundles } from "../bundle/load.js";
import { DEMO_REPOSITORY, demoSeed, OTHER_REPOSITORY, OTHER_REPOSITORY_SKILLS } from "../demo/seed.js";
import { startEmulator } from "../emulator/index.js";
import { UserError } from "../errors.js";
import type { Io } from "../io.js";
import { PACKAGE_ROOT } from "../package-root.js";
import { defineCommand } from "./index.js";
import type { CommandFactory, RunCli } from "./index.js";

/** skills-example/ ships with the package (package.json `files`). */
const EXAMPLES = join(PACKAGE_ROOT, "skills-example");

export const demoCommand: CommandFactory = (io, setExit, runCli) => defineCommand({
  command: "demo",
  describe: "Plan, sync, plan again and report on skills-example against a built-in local Dust emulator",
  builder: (y) =>
    y
      .option("dir", { type: "string", default: EXAMPLES, describe: "Bundles to sync" })
      .option("out", { type: "string", default: ".dust-skills/demo-report.html", describe: "Where the HTML report goes" }),
  handler: async (argv) => {
    setExit(await runDemo(io, runCli, argv.dir, argv.out));
  },
});

/**
 * The main job, with nothing to set up: an emulator in this process, seeded as a lived-in workspace, then
 * the real CLI commands against it, each printed as a user would type it.
 */
export async function runDemo(io: Io, runCli: RunCli, dir: string, out: string): Promise<number> {
  let load = await loadBundles({ roots: [dir], cwd: io.cwd, fingerprint: true });
  let cwd = io.cwd;
  let copy: string | undefined;
  if (load.bundles.length === 0 && dir === EXAMPLES) {
    // Installed as a dependency, the examples sit under node_modules/, which the user's repository ignores, so
    // git lists none of them: run the demo on a copy outside any repository instead.
    copy = mkdtempSync(join(tmpdir(), "dust-skills-demo-"));
    cpSync(EXAMPLES, join(copy, "skills-example"), { recursive: true });
    cwd = copy;
    dir = join(copy, "skills-example");
    load = await loadBundles({ roots: [dir], cwd, fingerprint: true });
  }
  if (load.bundles.length === 0) throw new UserError(`No bundles found in ${dir}.`);
  const outFile = resolve(io.cwd, out);
  const outArg = cwd === io.cwd ? out : outFile;
  const now = Date.now();
  const emulator = await startEmulator({ seed: demoSeed(load.bundles, now) });
  const env = {
    ...io.env,
    DUST_BASE_URL: emulator.url,
    DUST_WORKSPACE_ID: "w_demo",
    DUST_API_KEY: "sk-demo-admin",
    DUST_REGION: "",
  };
  const childIo: Io = { ...io, env, cwd };
  const shown = relative(cwd, dir) || ".";
  const step = async (title: string, args: string[]): Promise<number> => {
    io.stdout(`\n\u2501\u2501 ${title}\n$ dust-skills ${args.join(" ")}\n\n`);
    const code = await runCli(args, childIo);
    io.stdout(`(exit ${code})\n`);
    return code;
  };
  try {
    io.stdout(
      `Local Dust emulator at ${emulator.url}, workspace w_demo: a few skills synced from ${shown} earlier, ` +
        `one edited in the web app since, one made in the web app under a bundle's name, one archived, ` +
        `one whose bundle was deleted, two synced by another repository (${OTHER_REPOSITORY}), and one that only lives in Dust.\n`,
    );
    // The demo plays one repository whatever clone it runs from: the identity is given, as a config file would.
    const repo = ["--repository", DEMO_REPOSITORY];
    const plan1 = await step("1. What would change?", ["plan", shown, ...repo, "--on-conflict", "override", "--prune"]);
    const sync = await step("2. Make the workspace match the repository", ["sync", shown, ...repo, "--on-conflict", "override", "--prune"]);
    const others = emulator.store
      .getSkills("w_demo")
      .filter((s) => s.status === "active" && OTHER_REPOSITORY_SKILLS.some(([name]) => name === s.name));
    io.stdout(
      `\n${OTHER_REPOSITORY} syncs into the same workspace (also from a skills-example/ folder): its ${others.length} skill(s) ` +
        `(${others.map((s) => s.name).join(", ")}) are still active after --prune: their ownership record names another repository.\n`,
    );
    const plan2 = await step("3. Nothing left to do", ["plan", shown, ...repo, "--detailed-exitcode"]);
    const report = await step("4. Who uses which skill, and what lives outside git", ["report", shown, ...repo, "--days", "30", "--format", "html", "--out", outArg]);
    await step("   (the same report as text)", ["report", shown, ...repo, "--days", "30"]);
    const posts = emulator.requests.filter((r) => r.method === "POST").length;
    const deletes = emulator.requests.filter((r) => r.method === "DELETE").length;
    io.stdout(
      `\nThe emulator received ${emulator.requests.length} requests: ${posts} import(s), ${deletes} archive(s).\n` +
        `HTML report: ${outFile}\n`,
    );
    const ok = plan1 === 0 && sync === 0 && plan2 === 0 && report === 0;
    return ok ? 0 : 1;
  } finally {
    await emulator.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
  }
}
