/**
 * The Action's entry, bundled as dist/action.js, which the runner starts on its own Node 24 (action.yml
 * `runs.using: node24`): nothing is installed at run time. Thin on purpose: read the environment,
 * wire the real CLI and GitHub client, call run(); everything that can be tested lives in run.ts.
 */
import { main as cliMain } from "../cli.js";
import { redactor } from "./cli-runner.js";
import { UserError } from "../errors.js";
import { VERSION } from "../version.js";
import { readContext } from "./context.js";
import { GitHubClient } from "./github.js";
import { inputEnvName } from "./inputs.js";
import { run } from "./run.js";
import { addMask, annotation } from "../lib/workflow-commands.js";

async function start(): Promise<number> {
  const log = (text: string): void => void process.stdout.write(text);
  // The runner masks nothing by itself for a JavaScript action: this is the first byte the step prints, before
  // parsing anything that could fail and print an input back.
  log(addMask(process.env[inputEnvName("api-key")] ?? ""));
  log(`dust-skills ${VERSION} on Node ${process.version}\n`);
  try {
    const ctx = readContext(process.env, process.cwd());
    const result = await run(ctx, {
      cli: cliMain,
      github: (token, apiUrl) => new GitHubClient(token, apiUrl),
      log,
      env: process.env,
      cwd: process.cwd(),
    });
    return result.exitCode;
  } catch (err) {
    if (err instanceof UserError) {
      log(annotation("error", err.message));
      return 1;
    }
    throw err;
  }
}

start().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // A bug in dust-skills, not a user error: the stack helps the report; secrets are cut out all the same.
    const redact = redactor([process.env[inputEnvName("api-key")] ?? "", process.env[inputEnvName("github-token")] ?? ""]);
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stdout.write(annotation("error", redact(`dust-skills action: internal error: ${text}`)));
    process.exitCode = 1;
  },
);
