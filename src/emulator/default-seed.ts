import type { EmulatorSeed } from "./types.js";

const DAY = 86_400_000;

/**
 * What `dust-skills emulator` serves without --seed: one workspace, one key per role, and a few skills
 * that exercise the interesting cases (a web-app skill that conflicts with a same-name bundle, an
 * unpublished API skill, an archived one). Times are relative to the emulator clock.
 */
export function defaultSeed(now: number): EmulatorSeed {
  return {
    workspaces: [
      {
        id: "w_demo",
        region: "us",
        keys: [
          { key: "sk-demo-admin", role: "admin" },
          { key: "sk-demo-builder", role: "builder" },
          { key: "sk-demo-user", role: "user" },
        ],
        skills: [
          {
            name: "Meeting Notes",
            agentFacingDescription: "Turn a meeting transcript into notes with decisions and owners.",
            instructions: "Summarise the meeting. List decisions, then action items with an owner each.\n",
            source: "web_app",
            availability: "workspace_users",
            editedByEmail: "ana@example.com",
            createdAt: now - 60 * DAY,
          },
          {
            name: "Legacy Onboarding",
            agentFacingDescription: "Old onboarding checklist.",
            instructions: "Walk a new hire through the old checklist.\n",
            source: "api",
            sourceMetadata: { filePath: "skills/legacy-onboarding/SKILL.md" },
            status: "archived",
            createdAt: now - 80 * DAY,
            updatedAt: now - 20 * DAY,
          },
        ],
        analytics: { seed: 1, days: 90 },
      },
    ],
  };
}
