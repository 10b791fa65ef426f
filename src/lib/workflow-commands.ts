/**
 * GitHub Actions workflow commands (`::error file=…::message`), written by hand rather than through
 * @actions/core: the project keeps its dependency list short and these are a few lines each. Pure text, so
 * `validate --format github` and the Action escape the same way.
 * Formats: https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */

/** Message text: the runner decodes exactly these three, so a newline cannot end the command early. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Property values additionally must not contain the `:` and `,` that delimit the properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export type AnnotationLevel = "error" | "warning" | "notice";

export interface AnnotationProps {
  file?: string;
  line?: number;
  col?: number;
  title?: string;
}

export function annotation(level: AnnotationLevel, message: string, props: AnnotationProps = {}): string {
  const parts: string[] = [];
  if (props.file) parts.push(`file=${escapeProperty(props.file)}`);
  if (props.line !== undefined && props.line > 0) parts.push(`line=${props.line}`);
  if (props.col !== undefined && props.col > 0) parts.push(`col=${props.col}`);
  if (props.title) parts.push(`title=${escapeProperty(props.title)}`);
  const head = parts.length > 0 ? `${level} ${parts.join(",")}` : level;
  return `::${head}::${escapeData(message)}\n`;
}

/** The runner refuses to mask an empty string (and warns), so an absent secret prints nothing. */
export function addMask(secret: string): string {
  return secret === "" ? "" : `::add-mask::${escapeData(secret)}\n`;
}
