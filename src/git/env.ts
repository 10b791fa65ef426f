import { isAbsolute, resolve } from "node:path";

/**
 * The environment a git child process gets. Children inherit everything by default, and debug switches
 * (`NODE_DEBUG=child_process`) print a child's whole environment: the Dust key, the
 * Action's INPUT_* values and GITHUB_TOKEN would be in the log. git only needs to find itself, its config
 * and, inside a hook, the repository and index the hook runs for.
 */

const KEEP = new Set([
  "PATH",
  "HOME",
  "XDG_CONFIG_HOME",
  "LANG",
  "LANGUAGE",
  "TZ",
  "TMPDIR",
  // Windows: where the profile, the shell and the temp folder are.
  "USERPROFILE",
  "HOMEDRIVE",
  "HOMEPATH",
  "SYSTEMROOT",
  "COMSPEC",
  "PATHEXT",
  "TEMP",
  "TMP",
]);

/**
 * What git reads about the repository: a pre-commit hook runs with GIT_INDEX_FILE set (a temporary index
 * for `git commit -a`). Config paths, GIT_CONFIG_COUNT and GIT_EXEC_PATH are left out: through them the
 * environment could make git run other programs (a config's core.fsmonitor, another git), and the read-only
 * commands run here need none of them.
 */
const KEEP_GIT = new Set([
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_COMMON_DIR",
  "GIT_NAMESPACE",
  "GIT_CEILING_DIRECTORIES",
  "GIT_DISCOVERY_ACROSS_FILESYSTEM",
  "GIT_CONFIG_NOSYSTEM",
]);

/** Paths git reads relative to the folder it starts in: made absolute, since git runs in bundle folders. */
const PATH_VARS = new Set(["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"]);

const KEEP_PATTERN = /^LC_[A-Z_]+$/;

/** Variables that hold secrets whatever a future allow-list says: their values never reach a child. */
const SECRET_NAME = /(^DUST_API_KEY|^INPUT_|TOKEN|SECRET|PASSWORD)/i;

export function gitEnv(env: NodeJS.ProcessEnv, cwd = process.cwd()): Record<string, string> {
  const secrets = Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.length >= 4)
    .map(([, value]) => value as string);
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    // Windows spells some of these in mixed case (SystemRoot, ComSpec).
    const upper = name.toUpperCase();
    if (!KEEP.has(upper) && !KEEP_GIT.has(name) && !KEEP_PATTERN.test(name)) continue;
    if (secrets.some((s) => value.includes(s))) continue;
    out[name] = PATH_VARS.has(name) && value !== "" && !isAbsolute(value) ? resolve(cwd, value) : value;
  }
  return out;
}
