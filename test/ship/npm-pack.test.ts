import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { git, run, snapshotRepo, userEnv } from "./snapshot.js";
import type { Run } from "./snapshot.js";

/**
 * The package as npm ships it: `npm pack` of this checkout, installed from the tarball into an empty project
 * outside the repository, then every command run through `npx --no dust-skills` (--no: never the registry).
 */
describe("the npm package, packed and installed in an empty folder", () => {
  let snapshot: { dir: string; sha: string };
  let packDir: string;
  let consumer: string;
  let packed: { filename: string; files: { path: string }[] };
  let emulator: ChildProcess | undefined;
  let emulatorUrl = "";
  const npx = (args: string[], env: Record<string, string> = {}): Promise<Run> =>
    run("npx", ["--no", "dust-skills", ...args], consumer, userEnv(env));
  const dust = (): Record<string, string> => ({ DUST_BASE_URL: emulatorUrl, DUST_WORKSPACE_ID: "w_demo", DUST_API_KEY: "sk-demo-admin" });

  beforeAll(async () => {
    snapshot = snapshotRepo();
    packDir = mkdtempSync(join(tmpdir(), "dust-skills-pack-"));
    const pack = await run("npm", ["pack", "--json", "--pack-destination", packDir], snapshot.dir);
    expect(pack.code, pack.stderr).toBe(0);
    packed = (JSON.parse(pack.stdout) as (typeof packed)[])[0]!;

    consumer = mkdtempSync(join(tmpdir(), "dust-skills-consumer-"));
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "skills-repo", private: true }));
    writeFileSync(join(consumer, ".gitignore"), "node_modules/\n.dust-skills/\n");
    const install = await run("npm", ["install", "--no-audit", "--no-fund", "--save-dev", join(packDir, packed.filename)], consumer);
    expect(install.code, install.stderr).toBe(0);
    // The user's own skills, committed (pack ships what git tracks).
    cpSync(join(consumer, "node_modules", "dust-skills", "skills-example"), join(consumer, "skills"), { recursive: true });
    git(consumer, "init", "-q", "-b", "main");
    git(consumer, "add", "-A");
    git(consumer, "commit", "-q", "-m", "skills");
    // A clone has an origin: it is the repository identity recorded with every upload.
    git(consumer, "remote", "add", "origin", "https://github.com/acme/skills.git");

    emulator = spawn("npx", ["--no", "dust-skills", "emulator", "--port", "0"], { cwd: consumer, env: userEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
    emulatorUrl = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      emulator!.stderr!.on("data", (c: Buffer) => {
        stderr += c.toString();
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m?.[1] && stderr.includes("Ctrl-C")) resolve(m[1]);
      });
      emulator!.on("exit", (code) => reject(new Error(`the emulator exited early with ${code}: ${stderr}`)));
    });
  }, 240_000);

  afterAll(() => {
    // npx runs the bin in a child: end the whole process group this test started.
    if (emulator?.pid) process.kill(-emulator.pid, "SIGTERM");
    for (const dir of [snapshot?.dir, packDir, consumer]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("ships the bundles, the launcher, the examples and the Action, and nothing of src/ or the tests", () => {
    const paths = packed.files.map((f) => f.path).sort();
    for (const p of ["bin/dust-skills.js", "bin/node-version.js", "dist/cli.js", "dist/action.js", "dist/licenses.txt", "action.yml", "README.md", "package.json", "skills-example/release-notes/SKILL.md"]) {
      expect(paths).toContain(p);
    }
    expect(paths.filter((p) => /^(src|test|bench|scripts)\//.test(p) || p.endsWith(".map") || p.endsWith(".ts"))).toEqual([]);
  });

  it("installs nothing but itself: no runtime dependencies, no install script", () => {
    const pkg = JSON.parse(readFileSync(join(consumer, "node_modules", "dust-skills", "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg["dependencies"] ?? {}).toEqual({});
    expect(Object.keys((pkg["scripts"] as Record<string, string>) ?? {})).not.toEqual(expect.arrayContaining(["prepare", "install", "postinstall"]));
    expect(readdirSync(join(consumer, "node_modules")).filter((d) => !d.startsWith("."))).toEqual(["dust-skills"]);
  });

  it("validate", async () => {
    const r = await npx(["validate", "skills"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).toMatch(/0 errors, \d+ warnings? in 6 bundles/);
  });

  it("plan, sync, plan again: nothing left to do", async () => {
    const plan = await npx(["plan", "skills"], dust());
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/Plan: \d+ to create/);
    const sync = await npx(["sync", "skills", "--on-conflict", "override"], dust());
    expect(sync.code, sync.stdout + sync.stderr).toBe(0);
    const again = await npx(["plan", "skills", "--detailed-exitcode"], dust());
    expect(again.code, again.stdout + again.stderr).toBe(0);
  }, 60_000);

  it("pack writes the ZIPs a sync would upload", async () => {
    const r = await npx(["pack", "skills", "--out", "zips"]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(consumer, "zips")).filter((f) => f.endsWith(".zip")).length).toBeGreaterThan(0);
  });

  it("report and pull", async () => {
    const report = await npx(["report", "skills", "--format", "json"], dust());
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout)).toHaveProperty("version");
    const pull = await npx(["pull", "--all-unmanaged", "--dir", "pulled"], dust());
    expect(pull.code, pull.stdout + pull.stderr).toBe(0);
    const pulled = readdirSync(join(consumer, "pulled"));
    expect(pulled.length).toBeGreaterThan(0);
    for (const dir of pulled) expect(existsSync(join(consumer, "pulled", dir, "SKILL.md"))).toBe(true);
  }, 60_000);

  it("demo runs on the example bundles it ships", async () => {
    const r = await npx(["demo"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(existsSync(join(consumer, ".dust-skills", "demo-report.html"))).toBe(true);
  }, 120_000);
});
