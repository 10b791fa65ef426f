#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
import { main } from "../dist/cli.js";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // main() turns every user error into a message and an exit code; reaching here is a bug in dust-skills.
    console.error(`dust-skills: internal error: ${err && err.stack ? err.stack : err}`);
    process.exitCode = 1;
  },
);
