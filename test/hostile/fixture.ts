import { tempRepo } from "../git/repo.js";
import type { TempRepo } from "../git/repo.js";

/**
 * The one repository of nasty names and contents that every command runs over. Each payload is what a skill
 * author (or a web-app edit) could put in a name, a folder name, a file name or the instructions to act on
 * the terminal of whoever runs dust-skills: clear the screen, set the window title, overwrite a line with a
 * fake "✓ all good", ring the bell, reverse the reading order, cut the text at a NUL.
 */
export const PAYLOADS = {
  esc: "\u001b[2J\u001b[1A",
  osc: "\u001b]0;pwned\u0007",
  cr: "\r✓ all good",
  bel: "\u0007",
  bidi: "\u202eevil\u202c",
  nul: "\u0000",
  c1: "\u009b31m",
} as const;

/** Every payload in one string (NUL aside: a file name cannot hold it). */
export const NASTY = `${PAYLOADS.esc}${PAYLOADS.osc}${PAYLOADS.cr}${PAYLOADS.bel}${PAYLOADS.bidi}${PAYLOADS.c1}`;

/** A YAML double-quoted scalar with every payload, NUL included (`\0` is a YAML escape). */
const YAML_NASTY = '"evil \\e[2J\\e[1A\\e]0;pwned\\a\\r✓ all good\\a\\u202eevil\\u202c\\0\\x9b31m"';
export const NASTY_NAME = `evil ${PAYLOADS.esc}${PAYLOADS.osc}${PAYLOADS.cr}${PAYLOADS.bel}${PAYLOADS.bidi}${PAYLOADS.nul}${PAYLOADS.c1}`;

export const NASTY_DIR = `skills/dir ${NASTY}`;

export function hostileRepo(): TempRepo {
  const r = tempRepo();
  r.write({
    "skills/plain/SKILL.md": "---\nname: plain\ndescription: A normal skill\n---\nDo the normal thing.\n",
    [`${NASTY_DIR}/SKILL.md`]: `---\nname: ${YAML_NASTY}\ndescription: ${YAML_NASTY}\n---\nInstructions ${NASTY}\nmore ${NASTY}\n`,
    [`${NASTY_DIR}/references/file ${NASTY}.md`]: `content ${NASTY}\n`,
    [`${NASTY_DIR}/notes ${NASTY}.toml`]: "dropped by Dust\n",
    // Invalid: a NUL byte in the text, and a name Dust reads as a date; both quoted in diagnostics.
    [`skills/broken ${NASTY}/SKILL.md`]: `---\nname: 2024-01-01\ndescription: x\n---\nBody ${PAYLOADS.nul} ${NASTY}\n`,
  });
  r.git("add", "-A");
  r.commit("hostile bundles");
  return r;
}

/** Live skills made in the web app with the same payloads, for plan's conflicts, pull's diffs and report. */
export function hostileLiveSkills(): { name: string; instructions: string; agentFacingDescription: string; userFacingDescription: string; source: string }[] {
  return [
    { name: NASTY_NAME, instructions: `Web edit ${NASTY}\n`, agentFacingDescription: `desc ${NASTY}`, userFacingDescription: `desc ${NASTY}`, source: "web_app" },
    { name: `web ${NASTY}`, instructions: `Web-only ${NASTY}\n${PAYLOADS.nul}\n`, agentFacingDescription: `d ${NASTY}`, userFacingDescription: `d ${NASTY}`, source: "web_app" },
  ];
}
