/**
 * Reads GITHUB_OUTPUT / GITHUB_ENV files the way the runner does: `name=value` lines and
 * `name<<DELIMITER` … `DELIMITER` blocks for multi-line values.
 */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? "");
      if (i >= lines.length) throw new Error(`unterminated ${name}<<${delimiter} block`);
      out[name] = value.join("\n");
      continue;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw new Error(`invalid line in environment file: ${line}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

/** `::command prop=v,prop=v::message` lines of a step's stdout, decoded as the runner decodes them. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const line of stdout.split("\n")) {
    const match = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
    if (!match) continue;
    const properties: Record<string, string> = {};
    for (const pair of (match[2] ?? "").split(",").filter(Boolean)) {
      const eq = pair.indexOf("=");
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1), true);
    }
    commands.push({ command: match[1] ?? "", properties, message: unescape(match[3] ?? "", false) });
  }
  return commands;
}

function unescape(text: string, property: boolean): string {
  let s = text.replace(/%0D/g, "\r").replace(/%0A/g, "\n");
  if (property) s = s.replace(/%3A/g, ":").replace(/%2C/g, ",");
  return s.replace(/%25/g, "%");
}
