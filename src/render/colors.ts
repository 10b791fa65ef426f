/**
 * ANSI styles, or plain text when disabled. Whether to color is decided by the caller (`useColor` in io.ts:
 * a terminal, and no NO_COLOR): renderers stay pure and a disabled palette never writes an ESC byte.
 */

export interface Colors {
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  blue: (s: string) => string;
  magenta: (s: string) => string;
  cyan: (s: string) => string;
  bold: (s: string) => string;
  dim: (s: string) => string;
}

function style(open: number, close: number): (s: string) => string {
  return (s) => (s === "" ? s : `\u001b[${open}m${s}\u001b[${close}m`);
}

const plain = (s: string) => s;

export function makeColors(enabled: boolean): Colors {
  if (!enabled) {
    return { red: plain, green: plain, yellow: plain, blue: plain, magenta: plain, cyan: plain, bold: plain, dim: plain };
  }
  return {
    red: style(31, 39),
    green: style(32, 39),
    yellow: style(33, 39),
    blue: style(34, 39),
    magenta: style(35, 39),
    cyan: style(36, 39),
    bold: style(1, 22),
    dim: style(2, 22),
  };
}
