// Run by determinism.test.ts in a child process with a given TZ: packs the sample repository and prints
// each upload's name and sha256, and the time zone offset it ran under (to prove TZ took effect).
import { createHash } from "node:crypto";
import { packBundles } from "../../src/bundle/pack/index.js";
import { bundlesOf, memReader, SAMPLE, REPOSITORY } from "./fixtures.js";

const result = await packBundles(bundlesOf(SAMPLE), { repository: REPOSITORY, readFile: memReader(SAMPLE) });
const uploads = result.uploads.map((u) => ({ fileName: u.fileName, sha256: createHash("sha256").update(u.data).digest("hex") }));
process.stdout.write(JSON.stringify({ offset: new Date(Date.UTC(1980, 0, 1)).getTimezoneOffset(), uploads }));
