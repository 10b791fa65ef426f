/**
 * Realistic skill bundles for benchmarks: a SKILL.md and two attachments of a few KB each, with prose drawn
 * from a seeded PRNG. Varied text matters: a corpus of repeated lines deflates ~50×, which would flatter any
 * approach that uploads everything (real Markdown deflates about 3×).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
// The emulator's seeded PRNG: text that compresses like prose, the same on every run.
import { prng } from "../../src/emulator/ids.js";

const WORDS = (
  "the a an and or but if when then each every before after while until because so that this these those " +
  "report summary customer ticket invoice release change request review owner team deadline budget risk issue " +
  "incident outage alert metric dashboard query table column row field value schema contract policy rule check " +
  "draft edit publish approve reject escalate assign close reopen merge branch commit deploy rollback test build " +
  "log trace error warning status priority severity impact scope region account user admin workspace channel " +
  "message thread reply mention link document page section heading list item note comment attachment file " +
  "always never usually only first last next previous current new old short long clear exact precise brief " +
  "read write send ask answer explain compare list count sum group sort filter format quote cite verify confirm " +
  "date week month quarter year morning evening hour minute week-over-week month-to-date year-to-date latest " +
  "sales support finance legal security platform product design marketing research operations engineering data"
).split(" ");

const TOPICS = [
  "incident-triage", "release-notes", "invoice-check", "churn-review", "sql-helper", "contract-summary",
  "security-review", "onboarding-guide", "roadmap-digest", "pr-reviewer", "meeting-notes", "kpi-report",
];

function prose(rand: () => number, bytes: number): string {
  const pick = (): string => WORDS[Math.floor(rand() * WORDS.length)] ?? "the";
  let out = "";
  while (out.length < bytes) {
    const n = 6 + Math.floor(rand() * 12);
    const words = Array.from({ length: n }, pick);
    const sentence = words.join(" ");
    out += `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.${rand() < 0.2 ? "\n\n" : " "}`;
  }
  return `${out.trimEnd()}\n`;
}

export const bundleDir = (i: number): string => `skills/skill-${String(i).padStart(5, "0")}`;
export const skillName = (i: number): string => `${TOPICS[i % TOPICS.length]}-${String(i).padStart(5, "0")}`;

/** The three files of bundle `i` at `revision` (0 = first version), keyed by repo-relative path. */
export function bundleFiles(i: number, revision = 0): Record<string, string> {
  const rand = prng(i * 7919 + 1);
  const dir = bundleDir(i);
  const name = skillName(i);
  const steps = Array.from({ length: 6 }, (_, k) => `${k + 1}. ${prose(rand, 90).trim()}`).join("\n");
  const skillMd =
    `---\nname: ${name}\ndescription: ${prose(rand, 120).replace(/\s+/g, " ").trim()} Use it for ${name.replace(/-\d+$/, "")} work.\n---\n` +
    `# ${name}\n\n${prose(rand, 900)}\n## Steps\n\n${steps}\n\n## Output\n\n${prose(rand, 700)}` +
    (revision > 0 ? `\n## Revision ${revision}\n\n${prose(prng(revision * 31 + i), 200)}` : "");
  const script =
    `"""Helper for ${name}: ${prose(rand, 80).trim()}"""\nimport csv\nimport sys\n\n\n` +
    Array.from({ length: 8 }, (_, k) => {
      const field = WORDS[Math.floor(rand() * WORDS.length)]?.replace(/\W/g, "_") ?? "value";
      return `def step_${k}_${field}(rows):\n    # ${prose(rand, 70).trim()}\n    return [r for r in rows if r.get("${field}") not in (None, "")]\n\n`;
    }).join("") +
    `if __name__ == "__main__":\n    rows = list(csv.DictReader(open(sys.argv[1])))\n    print(len(rows))\n`;
  const guide = `# ${name} reference\n\n${prose(rand, 1800)}` + (revision > 0 ? `\nUpdated in revision ${revision}.\n` : "");
  return {
    [`${dir}/SKILL.md`]: skillMd,
    [`${dir}/scripts/check.py`]: script,
    [`${dir}/references/guide.md`]: guide,
  };
}

/** Writes bundles [from, to) under `root`, a few at a time to keep file handles bounded. */
export async function writeBundles(root: string, from: number, to: number, revision = 0): Promise<void> {
  const CONCURRENT = 64;
  for (let start = from; start < to; start += CONCURRENT) {
    const writes: Promise<void>[] = [];
    for (let i = start; i < Math.min(to, start + CONCURRENT); i++) {
      for (const [rel, text] of Object.entries(bundleFiles(i, revision))) {
        writes.push(mkdir(join(root, rel, ".."), { recursive: true }).then(() => writeFile(join(root, rel), text)));
      }
    }
    await Promise.all(writes);
  }
}

/** What a real skills repository also holds besides bundles (Dust's Action zips these too). */
export const REPO_EXTRAS: Record<string, string> = {
  "README.md": "# Team skills\n\nEvery folder under skills/ is one Dust skill. Edit, open a PR, merge: CI syncs.\n",
  ".github/workflows/dust.yml": "on: { push: { branches: [main] } }\njobs:\n  sync:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
};
