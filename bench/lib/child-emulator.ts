import { spawn } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EmulatorSeed } from "../../src/emulator/index.js";

/**
 * Runs the emulator in its own process, so a benchmark measures the client alone and not the server's work
 * on the same event loop. `stop()` closes its stdin, which shuts it down.
 */
export async function startChildEmulator(seed: EmulatorSeed): Promise<{ url: string; stop: () => void }> {
  const seedPath = join(mkdtempSync(join(tmpdir(), "dust-skills-bench-")), "seed.json");
  writeFileSync(seedPath, JSON.stringify(seed));
  const entry = fileURLToPath(new URL("../../src/emulator/index.ts", import.meta.url));
  const script = `
    const { readFileSync } = await import("node:fs");
    const { startEmulator } = await import(${JSON.stringify(entry)});
    const emu = await startEmulator({ seed: JSON.parse(readFileSync(${JSON.stringify(seedPath)}, "utf8")) });
    console.log(emu.url);
    process.stdin.on("end", () => emu.close().then(() => process.exit(0)));
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(line.trim());
    });
    child.on("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { url, stop: () => child.stdin.end() };
}
