import type { Bundle } from "../model/bundle.js";
import { textHash } from "../model/text-hash.js";
import { encodeRecord, skillMdNameOf } from "../model/ownership-record.js";
import { defaultSeed } from "../emulator/index.js";
import type { EmulatorSeed, SkillSeed } from "../emulator/index.js";

const DAY = 86_400_000;

/** The repository the demo plays: skills-example/ as if it were github.com/acme/skills. */
export const DEMO_REPOSITORY = "github.com/acme/skills";
/** Another repository syncing into the same workspace. */
export const OTHER_REPOSITORY = "github.com/acme/marketing-skills";
export const OTHER_REPOSITORY_SKILLS: [string, string, string][] = [
  ["campaign-brief", "Drafts a campaign brief from a launch plan.", "Ask for the launch date, the audience and the one message.\n"],
  ["social-post", "Writes a social post in the brand voice.", "One idea per post, under 280 characters.\n"],
];

/** The record of a bundle the demo repository deleted since its last sync. */
function goneRecord(dir: string, name: string, description: string, instructions: string): string {
  return encodeRecord({ repository: DEMO_REPOSITORY, bundleDir: dir, skillMdName: "SKILL.md", fingerprint: "9a8b7c6d5e4f3a2b", textHash: textHash({ name, description, instructions }) });
}

/**
 * A workspace as a team that has used Dust for a while would have it, built around the example bundles:
 * most skills synced from git earlier (so unchanged), one edited in the web app since its last upload
 * (drift), one made in the web app under the same name as a bundle (a conflict), one archived (re-created),
 * one left over from a bundle deleted from the repo (an orphan), two synced by another repository (never
 * touched), and one that only lives in Dust.
 *
 * Built from the bundles on purpose: the demo seeds "what an earlier sync stored". The emulator itself never
 * reads bundles; it parses what the demo's sync uploads with its own code.
 */
export function demoSeed(bundles: Bundle[], now: number): EmulatorSeed {
  // What an earlier sync from DEMO_REPOSITORY stored: its ownership record, with the fingerprint and text hash then.
  const recordOf = (b: Bundle): string =>
    encodeRecord({
      repository: DEMO_REPOSITORY,
      bundleDir: b.dir,
      skillMdName: skillMdNameOf(b.skillMd),
      fingerprint: b.fingerprint ?? "0".repeat(16),
      textHash: textHash(b.skill!),
    });
  const synced = (b: Bundle, daysAgo: number): SkillSeed => ({
    name: b.skill!.name,
    agentFacingDescription: b.skill!.description,
    userFacingDescription: b.skill!.description,
    instructions: b.skill!.instructions,
    source: "api",
    sourceMetadata: { filePath: recordOf(b) },
    fileAttachments: b.attachments.map((a, i) => ({ fileId: `fil_demo${daysAgo}${i}`, fileName: a.rel })),
    availability: "workspace_users",
    createdAt: now - 120 * DAY,
    // Synced a year ago: before any commit of the example bundles, so only a real edit counts as drift.
    updatedAt: now - 365 * DAY,
    editedByEmail: "ci-bot@example.com",
  });
  const byName = new Map(bundles.filter((b) => b.skill).map((b) => [b.skill!.name, b]));
  const skills: SkillSeed[] = [];
  for (const name of ["release-notes", "incident-postmortem", "sql-review"]) {
    const b = byName.get(name);
    if (b) skills.push(synced(b, 30));
  }
  const edited = byName.get("data-analysis");
  if (edited) {
    skills.push({
      ...synced(edited, 30),
      instructions: `${edited.skill!.instructions}\nAlways end with a one-line recommendation for the team.\n`,
      // Edited a minute ago: its text no longer hashes to the recorded text hash.
      updatedAt: now - 60_000,
      editedByEmail: "ana@example.com",
    });
  }
  const described = (name: string, description: string, instructions: string, extra: Partial<SkillSeed>): SkillSeed => ({
    name,
    agentFacingDescription: description,
    userFacingDescription: description,
    instructions,
    availability: "workspace_users",
    ...extra,
  });
  skills.push(
    described("brand-voice", "Keep copy on brand (web app version).", "Write like our brand: clear, warm, confident.\n", {
      source: "web_app",
      createdAt: now - 40 * DAY,
      updatedAt: now - 10 * DAY,
      editedByEmail: "marketing@example.com",
    }),
    described("support-triage", "Old triage rules.", "Route every ticket to support-ops.\n", {
      source: "api",
      sourceMetadata: { filePath: goneRecord("skills-example/support-triage", "support-triage", "Old triage rules.", "Route every ticket to support-ops.\n") },
      status: "archived",
      createdAt: now - 200 * DAY,
      updatedAt: now - 150 * DAY,
    }),
    described("onboarding-checklist", "Walks a new hire through their first week.", "Give the new hire the checklist for day 1, then week 1.\n", {
      source: "api",
      sourceMetadata: {
        filePath: goneRecord("skills-example/onboarding-checklist", "onboarding-checklist", "Walks a new hire through their first week.", "Give the new hire the checklist for day 1, then week 1.\n"),
      },
      createdAt: now - 300 * DAY,
      updatedAt: now - 300 * DAY,
    }),
    // A second repository syncs into the same workspace, from a folder with the same name: its skills are
    // not this repository's, whatever their path, so prune leaves them alone.
    ...OTHER_REPOSITORY_SKILLS.map(([name, description, instructions]) =>
      described(name, description, instructions, {
        source: "api",
        sourceMetadata: {
          filePath: encodeRecord({
            repository: OTHER_REPOSITORY,
            bundleDir: `skills-example/${name}`,
            skillMdName: "SKILL.md",
            fingerprint: "5e1f0c2a9b3d4e6f",
            textHash: textHash({ name, description, instructions }),
          }),
        },
        createdAt: now - 50 * DAY,
        updatedAt: now - 50 * DAY,
        editedByEmail: "marketing-ci@example.com",
      }),
    ),
  );
  // The emulator's default workspace (w_demo, one key per role) brings the skill that only lives in Dust.
  const base = defaultSeed(now);
  return {
    workspaces: base.workspaces.map((w) => ({
      ...w,
      skills: [...skills, ...(w.skills ?? [])],
      analytics: { seed: 7, days: 90 },
    })),
  };
}
