import { execFile } from "node:child_process";
import { existsSync } from "node:fs";

/**
 * A program some tests drive for real (Debian's chromium for the HTML report, pre-commit for the hook): when it
 * is missing, the test installs it from Debian's archive with apt-get, as root, so `npm ci && npm test` passes on
 * a fresh Debian machine. It never skips: when it cannot install, the test fails and says what to run by hand.
 */
export interface DebianProgram {
  /** The executable the test runs, e.g. /usr/bin/chromium. */
  path: string;
  /** The Debian package that installs it. */
  debianPackage: string;
  /** Which test needs it, for the messages. */
  neededBy: string;
}

/** Time for `apt-get update` plus the install (chromium brings ~100 MB of packages). */
export const INSTALL_TIMEOUT_MS = 12 * 60_000;

let updated: Promise<void> | undefined;

export async function ensureDebianProgram(program: DebianProgram): Promise<string> {
  if (existsSync(program.path)) return program.path;
  const byHand = `apt-get update && apt-get install -y ${program.debianPackage}`;
  const cannot = (why: string): Error =>
    new Error(`${program.neededBy} needs ${program.path} (Debian package ${program.debianPackage}), which is not installed, and the test could not install it: ${why}. Install it by hand: ${byHand}`);
  if (process.platform !== "linux" || !existsSync("/usr/bin/apt-get")) throw cannot("this is not a Debian-like system (no apt-get)");
  if (process.getuid?.() !== 0) throw cannot("installing needs root");
  process.stderr.write(`test setup: ${program.path} is missing; installing Debian's ${program.debianPackage} for ${program.neededBy} (${byHand})\n`);
  try {
    // One index update per test process. Two test files may install at once (each in its own process): apt
    // waits for the other's lock, and a lock it still could not get is retried.
    updated ??= apt(["update", "-qq"]);
    await updated;
    await apt(["install", "-y", "-qq", program.debianPackage]);
  } catch (err) {
    throw cannot((err as Error).message);
  }
  if (!existsSync(program.path)) throw cannot(`apt-get installed ${program.debianPackage} but ${program.path} is still missing`);
  return program.path;
}

async function apt(args: string[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await aptOnce(["-o", "DPkg::Lock::Timeout=300", ...args]);
    } catch (err) {
      if (attempt >= 3 || !/lock/i.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 10_000));
    }
  }
}

function aptOnce(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      "apt-get",
      args,
      { env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" }, timeout: INSTALL_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 },
      (err, _stdout, stderr) => (err ? reject(new Error(`apt-get ${args.join(" ")} failed: ${stderr.trim().split("\n").slice(-3).join(" ") || err.message}`)) : resolve()),
    );
  });
}
