import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReportHtml } from "../../src/render/report-html.js";
import { joinReport } from "../../src/report/join.js";
import { aggregateUsage } from "./fixtures.js";
import { resolveWindow } from "../../src/report/window.js";
import { INSTALL_TIMEOUT_MS, ensureDebianProgram } from "../helpers/debian-package.js";
import { smallSeed, usageRow, REPORT_REPO } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";

// The DOM as the page callbacks use it (the project compiles without the DOM lib).
interface Drawn {
  getBBox(): { width: number; height: number };
}
interface Row {
  cells: ArrayLike<{ textContent: string | null; getAttribute(name: string): string | null }>;
}
const OUT_DIR = resolve(".tmp");

/** Three weeks of made-up but fixed usage, so the charts have shapes worth looking at in the screenshot. */
function richReportHtml(): string {
  const window = resolveWindow({ from: "2025-03-01", to: "2025-03-21" }, new Date());
  const s = smallSeed();
  const rows = [...s.rows];
  const shapes: [string, (i: number) => number][] = [
    ["alpha", (i) => 6 + (i % 7 === 5 || i % 7 === 6 ? 0 : 4 + (i % 3))],
    ["beta-new", (i) => Math.max(0, i - 6)],
    ["gamma", (i) => Math.max(0, 14 - i)],
    ["Deep Dive", (i) => 3 + ((i * 5) % 4)],
    ["dup", (i) => (i % 4 === 0 ? 5 : 1)],
  ];
  window.dates.forEach((d, i) => {
    if (d <= "2025-03-04") return;
    for (const [name, f] of shapes) rows.push(usageRow(d, name, f(i), Math.ceil(f(i) / 3)));
  });
  const report = joinReport({
    repository: REPORT_REPO,
    window,
    bundles: s.bundles,
    live: { active: s.active, archived: s.archived, seesUnpublished: true },
    usage: aggregateUsage(rows, window),
    skillsTable: s.skillsTable,
    now: new Date("2025-03-22T09:00:00Z"),
    workspaceId: "w_demo",
  });
  return renderReportHtml(report);
}

describe("the HTML report in headless Chromium", () => {
  let profile = "";
  let context: BrowserContext | undefined;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    // A missing browser is installed from Debian's archive, or fails this test with how to fix it: never skipped.
    await ensureDebianProgram({ path: CHROMIUM, debianPackage: "chromium", neededBy: "the HTML report browser test" });
    profile = await mkdtemp(join(tmpdir(), "dust-skills-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 900 },
    });
  }, INSTALL_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it("draws the charts, sorts the table on click, logs no error and fetches nothing", async () => {
    if (context === undefined) throw new Error("the browser did not start");
    await mkdir(OUT_DIR, { recursive: true });
    const file = join(OUT_DIR, "report.html");
    await writeFile(file, richReportHtml());
    const page = await context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text());
    });
    page.on("pageerror", (e) => consoleErrors.push(e.message));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
    });
    await page.goto(pathToFileURL(file).href);

    // Usage over time: one line per top skill, each a drawn path with a real extent.
    const lines = await page.$$eval("#chart-top svg path.series", (ps) =>
      ps.map((p) => ({ d: p.getAttribute("d") ?? "", w: (p as unknown as Drawn).getBBox().width })),
    );
    expect(lines).toHaveLength(6);
    for (const l of lines) {
      expect(l.d).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){20}$/);
      expect(l.w).toBeGreaterThan(500);
    }
    // Managed against unmanaged: two ring segments and two bar series.
    expect(await page.locator("#chart-share svg path.series").count()).toBe(2);
    expect(await page.locator("#chart-split svg path.series").count()).toBe(2);
    const ringWidth = await page.$eval("#chart-share svg path.series", (p) => (p as unknown as Drawn).getBBox().width);
    expect(ringWidth).toBeGreaterThan(20);

    const firstNames = async (): Promise<string[]> =>
      page.$$eval("#skills tbody tr", (rows) => rows.slice(0, 3).map((r) => (r as unknown as Row).cells[0]?.textContent ?? ""));
    const executions = page.locator("#skills th", { hasText: "Executions" });
    await executions.click();
    expect(await executions.getAttribute("aria-sort")).toBe("ascending");
    const ascending = await page.$$eval("#skills tbody tr", (rows) =>
      rows.map((r) => Number((r as unknown as Row).cells[5]?.getAttribute("data-v"))),
    );
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await executions.click();
    expect(await executions.getAttribute("aria-sort")).toBe("descending");
    expect((await firstNames())[0]).toBe("alpha");
    await page.locator("#skills th", { hasText: "Skill" }).first().click();
    expect(await firstNames()).toEqual(["=x", "alpha", "beta-new"]);

    await executions.click();
    await executions.click();
    await page.screenshot({ path: join(OUT_DIR, "report.png"), fullPage: true });
    expect(consoleErrors).toEqual([]);
    expect(requests).toEqual([]);
  }, 60_000);
});
