import { describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.js";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";

// The operator sets the first administrator up with the instance's one-time setup token.
const SETUP_TOKEN = "e2e-setup-token-0123456789";
const ctx = useServerAndBrowser({ SETUP_TOKEN });

describe("the Performance page in Chromium", () => {
  it("shows live numbers that change, dependencies, and an optimize run followed to its end", async () => {
    const page = await ctx.browser.newPage();
    await signUp(page, ctx.server.url, { name: "Root", email: "root@example.test", password: "first-account-admin" }, SETUP_TOKEN);
    await page.getByRole("link", { name: "Performance" }).click();

    const tiles = page.getByRole("region", { name: "Live numbers" });
    await page.getByText("● live").waitFor();
    await tiles.locator('[data-metric="cpuPercent"]').filter({ hasText: "%" }).waitFor();
    const first = await tiles.innerText();
    // The stream sends a sample a second: a few seconds later the numbers are not the same.
    await page.waitForFunction(
      (before) => document.querySelector('[aria-label="Live numbers"]')?.textContent !== before,
      await tiles.textContent(),
      { timeout: 10_000 },
    );
    expect(await tiles.innerText()).not.toBe(first);
    await page.getByRole("region", { name: "Dependencies" }).getByText("database").waitFor();

    await page.getByRole("button", { name: "Optimize now" }).click();
    const run = page.locator('[data-run][data-status="succeeded"]').first();
    await run.waitFor({ timeout: 30_000 });
    await run.locator('[data-step="rollups"][data-status="succeeded"]').waitFor();
    expect(await page.locator("[data-run]").count()).toBe(1); // nothing else ran meanwhile
    // Findings read as sentences and tables, not JSON.
    const steps = run.locator("[data-step]");
    expect(await steps.count()).toBe(7);
    expect(await run.locator('[data-step="rollups"]').innerText()).toMatch(/Rollup check[\s\S]*Checked \d+ agent-days? of daily stats/);
    expect(await run.locator('[data-step="sessions"]').innerText()).toMatch(/Removed \d+ expired sessions?/);
    for (const text of await steps.allInnerTexts()) expect(text).not.toMatch(/[{}"]/);
    await run.getByRole("table", { name: "Impact" }).getByRole("rowheader", { name: "Sessions" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/performance.png`, fullPage: true });
  });

  it("tells someone who is not a platform administrator what the page is for, and opens no stream", async () => {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    const asked: string[] = [];
    page.on("request", (r) => asked.push(new URL(r.url()).pathname));
    await signUp(page, ctx.server.url, { name: "Mo", email: "mo@example.test", password: "not-an-admin-here" });
    await page.getByRole("link", { name: "Members" }).waitFor(); // signed in
    expect(await page.getByRole("link", { name: "Performance" }).count()).toBe(0);
    await page.goto(`${ctx.server.url}/performance`);
    const note = page.getByRole("note", { name: "For platform administrators" });
    await note.getByText("This page is for the platform administrators of this instance.").waitFor();
    // The explanation is the first thing under the heading, and nothing admin-only is shown.
    const top = await note.boundingBox();
    expect(top!.y).toBeLessThan(250);
    expect(await note.innerText()).toContain("maintenance runs");
    expect(await page.getByRole("button", { name: "Optimize now" }).count()).toBe(0);
    expect(await page.getByRole("region", { name: "Live numbers" }).count()).toBe(0);
    expect(await page.getByText("connecting").count()).toBe(0);
    await page.waitForTimeout(500);
    expect(asked.filter((p) => /^\/api\/v1\/(performance|maintenance)/.test(p))).toEqual([]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/performance-not-admin.png`, fullPage: true });
    await context.close();
  });
});
