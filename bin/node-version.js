// Loaded before the bundle, so it must parse and run on any Node that can load an ES module: keep its
// syntax old (no ?., no ??, no top-level await) and its imports none.

/** The Node versions dist/ is built and tested for; package.json `engines` says the same. */
export const SUPPORTED = "^20.19 || >=22";

/**
 * The one-line reason this Node cannot run dust-skills, or "" when it can. `version` is process.versions.node,
 * e.g. "20.19.0".
 */
export function nodeVersionProblem(version) {
  var parts = String(version).split(".");
  var major = Number(parts[0]);
  var minor = Number(parts[1]);
  var ok = major >= 22 || (major === 20 && minor >= 19);
  return ok ? "" : "dust-skills needs Node " + SUPPORTED + " (this is v" + version + ")";
}
