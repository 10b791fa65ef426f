#!/usr/bin/env node
// Launcher: checks the Node version first, then loads the bundled CLI (dist/cli.js, committed, built by
// `npm run build`). The bundle is imported dynamically so that an older Node prints one line instead of
// failing somewhere inside it.
import module from "module";
import { nodeVersionProblem } from "./node-version.js";

var problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(problem + "\n");
  process.exitCode = 1;
} else {
  // Node 22.1+ keeps V8's compiled code for the bundle in the system temp folder: later starts skip parsing
  // its 2 MB. Older Nodes have no such cache; nothing changes there.
  if (typeof module.enableCompileCache === "function") module.enableCompileCache();
  import("../dist/cli.js")
    .then(function (cli) {
      return cli.main(process.argv.slice(2));
    })
    .then(
      function (code) {
        process.exitCode = code;
      },
      function (err) {
        // main() turns every user error into a message and an exit code; reaching here is a bug in dust-skills.
        process.stderr.write("dust-skills: internal error: " + (err && err.stack ? err.stack : err) + "\n");
        process.exitCode = 1;
      },
    );
}
