import type { Report, SkillRow } from "../model/report.js";
import {
  fmtInt,
  liveText,
  managedSplit,
  rowByKey,
  SET_ORDER,
  SET_TITLES,
  stateText,
  topSkills,
  trendText,
  USER_DAYS_EXPLAINED,
  usageUnknownText,
  windowText,
  totalsItems,
} from "./report-common.js";
import { donutSvg, escapeHtml, lineChartSvg, stackedBarsSvg } from "./report-svg.js";
import type { Series } from "./report-svg.js";

const PALETTE = ["#2563eb", "#ea580c", "#16a34a", "#dc2626", "#9333ea", "#0891b2"];
const MANAGED_COLOR = "#2563eb";
const OTHER_COLOR = "#f59e0b";

/**
 * One self-contained page: inline CSS, inline SVG charts, a few lines of inline JS to sort tables. The CSP
 * forbids every fetch, so the page works offline and cannot leak anything. All user text is escaped.
 */
export function renderReportHtml(report: Report): string {
  const title = `Skill usage report ${report.window.from} to ${report.window.to}`;
  const body = [
    header(report),
    report.usageKnown ? "" : `<p class="banner" role="alert">${escapeHtml(usageUnknownText(report))}</p>`,
    cards(report),
    charts(report),
    sets(report),
    skillsTable(report),
    notes(report),
  ].join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="dust-skills report v${report.version}">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function header(report: Report): string {
  const ws = report.workspaceId ? ` · workspace <code>${escapeHtml(report.workspaceId)}</code>` : "";
  return `<header><h1>Skill usage report</h1><p class="sub">${escapeHtml(windowText(report))}${ws} · generated ${escapeHtml(report.generatedAt)}</p></header>`;
}

function cards(report: Report): string {
  const items = totalsItems(report, false);
  return `<section class="cards">${items.map(([k, v]) => `<div class="card"><div class="v">${v}</div><div class="k">${k}</div></div>`).join("")}</section>`;
}

function charts(report: Report): string {
  if (!report.usageKnown) return "";
  if ((report.totals.executions ?? 0) === 0) {
    return `<section><h2>Usage</h2><p class="empty">No executions in this window.</p></section>`;
  }
  const dates = report.window.dates;
  const top = topSkills(report, PALETTE.length);
  const lines: Series[] = top.map((s, i) => ({ name: s.name, color: PALETTE[i] ?? "#888", values: s.usage?.daily ?? [] }));
  const split = managedSplit(report);
  const managed = split.managed.reduce((a, b) => a + b, 0);
  const other = split.other.reduce((a, b) => a + b, 0);
  const stack: Series[] = [
    { name: "Managed from git", color: MANAGED_COLOR, values: split.managed },
    { name: "Not managed from git", color: OTHER_COLOR, values: split.other },
  ];
  const legend = (items: { name: string; color: string; extra?: string }[]): string =>
    `<ul class="legend">${items.map((i) => `<li><span class="sw" style="background:${i.color}"></span>${escapeHtml(i.name)}${i.extra ? ` <span class="muted">${escapeHtml(i.extra)}</span>` : ""}</li>`).join("")}</ul>`;
  return `<section><h2>Usage over time: top ${top.length} skills</h2>
<figure id="chart-top">${lineChartSvg(dates, lines, `Executions per day, top ${top.length} skills`)}<figcaption class="muted">Executions per day</figcaption>${legend(lines.map((l, i) => ({ ...l, extra: fmtInt(top[i]?.usage?.executions ?? 0) })))}</figure>
</section>
<section><h2>Managed against unmanaged executions</h2>
<div class="split">
<figure id="chart-share">${donutSvg(
    [
      { name: "Managed from git", color: MANAGED_COLOR, value: managed },
      { name: "Not managed from git", color: OTHER_COLOR, value: other },
    ],
    "Share of executions on skills managed from git",
  )}${legend([
    { name: "Managed from git", color: MANAGED_COLOR, extra: fmtInt(managed) },
    { name: "Not managed from git", color: OTHER_COLOR, extra: fmtInt(other) },
  ])}</figure>
<figure id="chart-split" class="grow">${stackedBarsSvg(dates, stack, "Executions per day, managed and not managed", 620)}<figcaption class="muted">Executions per day, coloured by ownership as it is now: managed from this repository's git (bottom) or not (top). A skill adopted during the window counts as managed on every day.</figcaption></figure>
</div>
</section>`;
}

function sets(report: Report): string {
  const byKey = rowByKey(report);
  const boxes = SET_ORDER.filter((s) => report.sets[s].length > 0).map((s) => {
    const keys = report.sets[s];
    const items = keys.slice(0, 100).map((k) => {
      const r = byKey.get(k);
      const detail = s === "drifted" && r?.stateDetail ? ` <span class="muted">(${escapeHtml(r.stateDetail)})</span>` : "";
      return `<li>${escapeHtml(r?.name ?? k)}${detail}</li>`;
    });
    if (keys.length > 100) items.push(`<li class="muted">and ${keys.length - 100} more</li>`);
    return `<div class="set set-${s}"><h3>${escapeHtml(SET_TITLES[s])} <span class="count">${keys.length}</span></h3><ul>${items.join("")}</ul></div>`;
  });
  if (boxes.length === 0) return "";
  return `<section><h2>What to look at</h2><div class="sets">${boxes.join("")}</div></section>`;
}

interface Col {
  title: string;
  type: "text" | "num" | "date";
  /** Cell class: numbers right-aligned, dates and trends kept on one line, names and states not cut at a hyphen. */
  cls?: "num" | "nowrap" | "name" | "state";
  cell: (r: SkillRow) => { text: string; sort?: string | number };
}

function skillsTable(report: Report): string {
  const u = (r: SkillRow, f: (x: NonNullable<SkillRow["usage"]>) => { text: string; sort?: string | number }) =>
    r.usage === null ? { text: "?", sort: "" } : f(r.usage);
  const yes = (b: boolean) => ({ text: b ? "yes" : "no" });
  const cols: Col[] = [
    { title: "Skill", type: "text", cls: "name", cell: (r) => ({ text: r.name }) },
    { title: "Git", type: "text", cell: (r) => yes(r.inGit) },
    { title: "Live", type: "text", cell: (r) => ({ text: liveText(r) }) },
    { title: "Managed", type: "text", cell: (r) => yes(r.managed) },
    { title: "State", type: "text", cls: "state", cell: (r) => ({ text: stateText(r) }) },
    { title: "Executions", type: "num", cls: "num", cell: (r) => u(r, (x) => ({ text: fmtInt(x.executions), sort: x.executions })) },
    { title: "User-days", type: "num", cls: "num", cell: (r) => u(r, (x) => ({ text: fmtInt(x.userDays), sort: x.userDays })) },
    { title: "Active days", type: "num", cls: "num", cell: (r) => u(r, (x) => ({ text: fmtInt(x.activeDays), sort: x.activeDays })) },
    { title: "First used", type: "date", cls: "nowrap", cell: (r) => u(r, (x) => ({ text: x.firstUsed ?? "-", sort: x.firstUsed ?? "" })) },
    { title: "Last used", type: "date", cls: "nowrap", cell: (r) => u(r, (x) => ({ text: x.lastUsed ?? "-", sort: x.lastUsed ?? "" })) },
    { title: "Trend", type: "num", cls: "nowrap", cell: (r) => u(r, (x) => ({ text: trendText(x.trend), sort: x.trend.secondHalf - x.trend.firstHalf })) },
    { title: "Notes", type: "text", cell: (r) => ({ text: r.notes.join(" ") }) },
  ];
  if (report.skills.length === 0) return `<section><h2>Skills</h2><p class="empty">No skills in git or in the workspace.</p></section>`;
  const head = cols.map((c) => `<th scope="col" data-type="${c.type}" title="Sort by ${c.title}">${c.title}</th>`).join("");
  const rows = report.skills.map((r) => {
    const cls = [r.state === "drifted" ? "drifted" : "", r.inGit && !r.inWorkspace ? "missing" : ""].filter(Boolean).join(" ");
    const tds = cols
      .map((c) => {
        const { text, sort } = c.cell(r);
        const v = sort === undefined ? "" : ` data-v="${escapeHtml(String(sort))}"`;
        return `<td${c.cls ? ` class="${c.cls}"` : ""}${v}>${escapeHtml(text)}</td>`;
      })
      .join("");
    return `<tr${cls ? ` class="${cls}"` : ""} data-key="${escapeHtml(r.key)}">${tds}</tr>`;
  });
  return `<section><h2>Skills</h2><p class="muted">Click a column header to sort. ${escapeHtml(USER_DAYS_EXPLAINED)}</p>
<div class="scroll"><table id="skills" class="sortable"><thead><tr>${head}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table></div></section>`;
}

function notes(report: Report): string {
  const defs = Object.entries(report.definitions).map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`);
  const list = report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("");
  return `<section><h2>Notes</h2>${list ? `<ul>${list}</ul>` : `<p class="muted">None.</p>`}<dl class="defs">${defs.join("")}</dl></section>`;
}

const CSS = `
:root{--fg:#111827;--muted:#6b7280;--bg:#fff;--card:#f3f4f6;--line:#e5e7eb;--warn:#fef3c7;--bad:#fee2e2}
@media (prefers-color-scheme:dark){:root{--fg:#e5e7eb;--muted:#9ca3af;--bg:#111827;--card:#1f2937;--line:#374151;--warn:#422006;--bad:#450a0a}}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1400px;margin:0 auto;padding:24px}h1{margin:0 0 4px;font-size:24px}h2{font-size:18px;margin:28px 0 10px}h3{font-size:14px;margin:0 0 6px}
.sub,.muted{color:var(--muted)}code{font:12px ui-monospace,monospace}
.banner{background:var(--warn);padding:10px 14px;border-radius:6px;font-weight:600}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(130px,1fr));gap:10px;margin-top:16px}
.card{background:var(--card);border-radius:8px;padding:10px 12px}.card .v{font-size:22px;font-weight:700}.card .k{color:var(--muted);font-size:12px}
figure{margin:0}.chart{width:100%;height:auto;display:block}.chart .grid{stroke:var(--line);stroke-width:1}.chart .tick{fill:var(--muted);font-size:11px}
.donut{width:220px;flex:none}.donut-label{fill:var(--fg);font-size:22px;font-weight:700}
.split{display:flex;gap:24px;align-items:center;flex-wrap:wrap}.split .grow{flex:1;min-width:320px}
.legend{list-style:none;padding:0;margin:8px 0;display:flex;flex-wrap:wrap;gap:6px 16px}.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px}
.sets{display:grid;grid-template-columns:repeat(auto-fill,minmax(260px,1fr));gap:12px}.set{background:var(--card);border-radius:8px;padding:10px 12px}
.set ul{margin:0;padding-left:18px;max-height:220px;overflow:auto}.count{background:var(--line);border-radius:10px;padding:0 8px;font-weight:400}
.set-drifted,.set-missingFromWorkspace{border-left:4px solid #f59e0b}.set-retireCandidates{border-left:4px solid #9ca3af}.set-adoptCandidates{border-left:4px solid #16a34a}
.scroll{overflow:auto}table{border-collapse:collapse;width:100%}th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.nowrap{white-space:nowrap}td.name{min-width:150px}td.state{min-width:80px}figcaption{font-size:12px;margin-top:2px}th{position:sticky;top:0;background:var(--bg);cursor:pointer;user-select:none;white-space:nowrap}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
tr.drifted td{background:var(--warn)}tr.missing td{background:var(--bad)}td:last-child{color:var(--muted);font-size:12px;min-width:200px;max-width:360px}table{font-size:13px}
.empty{color:var(--muted);font-style:italic}.defs dt{font-weight:600}.defs dd{margin:0 0 6px 0;color:var(--muted)}
`;

/** Sorts any table.sortable by the clicked header; cells may carry data-v as their sort value. */
const SCRIPT = `
(function () {
  function key(cell, type) {
    var v = cell.getAttribute("data-v");
    if (v === null) v = cell.textContent || "";
    if (type === "num") { var n = parseFloat(v); return isNaN(n) ? -Infinity : n; }
    return v.toLowerCase();
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var ths = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(ths, function (th, col) {
      th.tabIndex = 0;
      function sort() {
        var type = th.getAttribute("data-type") || "text";
        var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        Array.prototype.forEach.call(ths, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = key(a.cells[col], type), y = key(b.cells[col], type);
          return x < y ? -dir : x > y ? dir : 0;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) {
        if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); }
      });
    });
  });
})();
`;
