import { load } from "js-yaml";

/**
 * The front matter as Dust loads it: js-yaml 4 `load`, no options (throws as it does). Most front matter is a
 * few lines of `key: plain words`, which `load` reads as a mapping of those strings: such text is read here
 * without the YAML parser (at 20,000 bundles js-yaml took ~0.3 s of a plan, and much of its garbage). Anything
 * else, and anything this shortcut is not sure of, is js-yaml's: test/bundle/front-matter-yaml.test.ts
 * compares both on generated front matter. `plain` says the shortcut read it: then line i holds the i-th key of
 * `data` at column 1, and its value as written, which the caller need not look for again.
 */
export function readFrontMatter(yamlText: string): { data: unknown; plain: boolean } {
  const plain = plainMapping(yamlText);
  return plain !== null ? { data: plain, plain: true } : { data: load(yamlText), plain: false };
}

// One `key: value` line: a key of letters, digits, `_` and `-` starting with a letter; one space; a value of
// printable ASCII that starts with a letter, ends with no space, and holds none of what YAML reads inside a
// plain scalar (`:` ends a key, `#` a comment, tabs and quotes at the start change the style).
const LINE = /^([A-Za-z][A-Za-z0-9_-]{0,63}): ([A-Za-z](?:[A-Za-z0-9 .,;()'/_-]*[A-Za-z0-9.,;()'/_-])?)$/;
// Plain words YAML's core schema resolves to something else than a string (digits never start a value here).
const NOT_A_STRING = /^(?:null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/** The mapping `load` returns for text made only of simple `key: value` lines, else null (js-yaml decides). */
export function plainMapping(yamlText: string): Record<string, string> | null {
  if (yamlText === "") return null;
  const out: Record<string, string> = {};
  let start = 0;
  for (;;) {
    const nl = yamlText.indexOf("\n", start);
    const m = LINE.exec(nl === -1 ? yamlText.slice(start) : yamlText.slice(start, nl));
    if (m === null) return null;
    const key = m[1] as string;
    const value = m[2] as string;
    // A repeated key is an error for js-yaml; a word such as `true` is not a string.
    if (Object.hasOwn(out, key) || NOT_A_STRING.test(key) || NOT_A_STRING.test(value)) return null;
    out[key] = value;
    if (nl === -1) return out;
    start = nl + 1;
  }
}
