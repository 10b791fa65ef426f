import type { Bundle } from "../model/bundle.js";
import { defaultSeed } from "../emulator/index.js";
import type { EmulatorSeed, SkillSeed } from "../emulator/index.js";

const DAY = 86_400_000;

/**
 * A workspace as a team that has used Dust for a while would have it, built around the example bundles:
 * most skills synced from git earlier (so unchanged), one edited in the web app since the last commit
 * (drift), one made in the web app under the same name as a bundle (a conflict), one archived (re-created),
 * one left over from a bundle deleted from the repo (an orphan), and one that only lives in Dust.
 *
 * Built from the bundles on purpose: the demo seeds "what an earlier sync stored". The emulator itself never
 * reads bundles; it parses what the demo's sync uploads with its own code.
 */
export function demoSeed(bundles: Bundle[], now: number): EmulatorSeed {
  const synced = (b: Bundle, daysAgo: number): SkillSeed => ({
    name: b.skill!.name,
    agentFacingDescription: b.skill!.description,
    userFacingDescription: b.skill!.description,
    instructions: b.skill!.instructions,
    source: "api",
    sourceMetadata: { filePath: b.skillMd },
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
      // Edited a minute ago: after the last commit touching the bundle, whenever the repository was cloned.
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
      sourceMetadata: { filePath: "skills-example/support-triage/SKILL.md" },
      status: "archived",
      createdAt: now - 200 * DAY,
      updatedAt: now - 150 * DAY,
    }),
    described("onboarding-checklist", "Walks a new hire through their first week.", "Give the new hire the checklist for day 1, then week 1.\n", {
      source: "api",
      sourceMetadata: { filePath: "skills-example/onboarding-checklist/SKILL.md" },
      createdAt: now - 300 * DAY,
      updatedAt: now - 300 * DAY,
    }),
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
