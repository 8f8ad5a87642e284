import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe's serious and critical findings on the page as it is now (empty is the bar). */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated over the debugging protocol: the page's own CSP (script-src 'self') stays as it is.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}

/** The page at a desktop and a phone width, each with no serious or critical findings (`label` names the page in a failure). */
export async function checkBothWidths(page: Page, label: string): Promise<{ page: string; width: number; violations: string[] }[]> {
  const found = [];
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    found.push({ page: label, width, violations: await seriousViolations(page) });
  }
  return found;
}
