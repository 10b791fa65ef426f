/**
 * Inline SVG charts for the HTML report: no library, no network. Every label goes through escapeHtml;
 * numbers are rounded so that the same report gives the same bytes.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export interface Series {
  name: string;
  color: string;
  values: number[];
}

const M = { left: 52, right: 16, top: 16, bottom: 36 };

/** The drawing area; a chart shown smaller gets a narrower viewBox so its text keeps its size. */
class Frame {
  readonly plotW: number;
  readonly plotH: number;
  constructor(
    readonly w: number,
    readonly h: number,
  ) {
    this.plotW = w - M.left - M.right;
    this.plotH = h - M.top - M.bottom;
  }
}

const r1 = (n: number): string => (Math.round(n * 10) / 10).toString();

/** 1, 2 or 5 times a power of ten, at least `max` (so axis ticks are round numbers). */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/**
 * How many grid intervals split 0..top into whole numbers: executions are counts, and a "1.3" tick would
 * read as a fraction of an execution. `top` comes from niceMax (1, 2 or 5 times a power of ten), which
 * 5, 4, 2 or 1 always divides.
 */
export function tickIntervals(top: number): number {
  return [5, 4, 2].find((n) => Number.isInteger(top / n)) ?? 1;
}

function axes(f: Frame, labels: string[], top: number, title: string, xAtIndex: (i: number) => number): string {
  const parts: string[] = [`<title>${escapeHtml(title)}</title>`];
  const intervals = tickIntervals(top);
  for (let t = 0; t <= intervals; t++) {
    const v = (top * t) / intervals;
    const y = M.top + f.plotH - (v / top) * f.plotH;
    parts.push(`<line class="grid" x1="${M.left}" x2="${f.w - M.right}" y1="${r1(y)}" y2="${r1(y)}"/>`);
    parts.push(`<text class="tick" x="${M.left - 6}" y="${r1(y + 4)}" text-anchor="end">${v}</text>`);
  }
  const step = Math.max(1, Math.ceil(labels.length / Math.max(2, Math.floor(f.plotW / 90))));
  for (let i = 0; i < labels.length; i += step) {
    parts.push(`<text class="tick" x="${r1(xAtIndex(i))}" y="${f.h - M.bottom + 18}" text-anchor="middle">${escapeHtml(labels[i] ?? "")}</text>`);
  }
  return parts.join("");
}

/** One line per series over the dates; points carry a tooltip when there are few enough to hover. */
export function lineChartSvg(dates: string[], series: Series[], title: string, width = 860): string {
  const f = new Frame(width, 300);
  const n = dates.length;
  const top = niceMax(Math.max(0, ...series.flatMap((s) => s.values)));
  const xAt = (i: number): number => M.left + (n <= 1 ? f.plotW / 2 : (i / (n - 1)) * f.plotW);
  const y = (v: number): number => M.top + f.plotH - (v / top) * f.plotH;
  const parts = [axes(f, dates.map((d) => d.slice(5)), top, title, xAt)];
  series.forEach((s, k) => {
    const d = s.values.map((v, i) => `${i === 0 ? "M" : "L"}${r1(xAt(i))},${r1(y(v))}`).join("");
    parts.push(`<path class="series" data-series="${k}" d="${d}" fill="none" stroke="${s.color}" stroke-width="2"><title>${escapeHtml(s.name)}</title></path>`);
    if (n <= 62) {
      s.values.forEach((v, i) => {
        parts.push(
          `<circle cx="${r1(xAt(i))}" cy="${r1(y(v))}" r="2.5" fill="${s.color}"><title>${escapeHtml(`${s.name} · ${dates[i] ?? ""}: ${v}`)}</title></circle>`,
        );
      });
    }
  });
  return svg(f, parts.join(""), title);
}

/** Stacked bars per day: the first series at the bottom. Each series is one path of rectangles. */
export function stackedBarsSvg(dates: string[], series: Series[], title: string, width = 860): string {
  const f = new Frame(width, 300);
  const n = dates.length;
  const totals = dates.map((_, i) => series.reduce((a, s) => a + (s.values[i] ?? 0), 0));
  const top = niceMax(Math.max(0, ...totals));
  const slot = f.plotW / Math.max(1, n);
  const bw = Math.max(1, slot * 0.8);
  const cx = (i: number): number => M.left + slot * (i + 0.5);
  const parts = [axes(f, dates.map((d) => d.slice(5)), top, title, cx)];
  const base = new Array<number>(n).fill(0);
  series.forEach((s, k) => {
    let d = "";
    for (let i = 0; i < n; i++) {
      const v = s.values[i] ?? 0;
      if (v <= 0) continue;
      const h = (v / top) * f.plotH;
      const y0 = M.top + f.plotH - ((base[i] ?? 0) / top) * f.plotH;
      d += `M${r1(cx(i) - bw / 2)},${r1(y0)}h${r1(bw)}v${r1(-h)}h${r1(-bw)}Z`;
      base[i] = (base[i] ?? 0) + v;
    }
    if (d !== "") parts.push(`<path class="series" data-series="${k}" d="${d}" fill="${s.color}"><title>${escapeHtml(s.name)}</title></path>`);
  });
  return svg(f, parts.join(""), title);
}

/** A ring split by value; labels are in the legend next to it. */
export function donutSvg(parts: { name: string; color: string; value: number }[], title: string): string {
  const size = 220;
  const c = size / 2;
  const ro = 100;
  const ri = 60;
  const total = parts.reduce((a, p) => a + Math.max(0, p.value), 0);
  const out: string[] = [`<title>${escapeHtml(title)}</title>`];
  let angle = -Math.PI / 2;
  parts.forEach((p, k) => {
    if (p.value <= 0 || total <= 0) return;
    // A full ring cannot be one arc (start = end): cap it just short of 360°.
    const sweep = Math.min((p.value / total) * 2 * Math.PI, 2 * Math.PI - 1e-4);
    const a0 = angle;
    const a1 = angle + sweep;
    angle = a1;
    const large = sweep > Math.PI ? 1 : 0;
    const pt = (r: number, a: number): string => `${r1(c + r * Math.cos(a))},${r1(c + r * Math.sin(a))}`;
    const d = `M${pt(ro, a0)}A${ro},${ro} 0 ${large} 1 ${pt(ro, a1)}L${pt(ri, a1)}A${ri},${ri} 0 ${large} 0 ${pt(ri, a0)}Z`;
    out.push(`<path class="series" data-series="${k}" d="${d}" fill="${p.color}"><title>${escapeHtml(`${p.name}: ${p.value}`)}</title></path>`);
  });
  const share = total > 0 ? `${Math.round(((parts[0]?.value ?? 0) / total) * 100)}%` : "n/a";
  out.push(`<text x="${c}" y="${c + 8}" text-anchor="middle" class="donut-label">${share}</text>`);
  return `<svg class="chart donut" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" xmlns="http://www.w3.org/2000/svg">${out.join("")}</svg>`;
}

function svg(f: Frame, body: string, title: string): string {
  return `<svg class="chart" role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${f.w} ${f.h}" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}
