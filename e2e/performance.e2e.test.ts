import { describe, expect, it } from "vitest";
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
    await page.waitForFunction((before) => document.querySelector('[aria-label="Live numbers"]')?.textContent !== before, await tiles.textContent(), { timeout: 10_000 });
    expect(await tiles.innerText()).not.toBe(first);
    await page.getByRole("region", { name: "Dependencies" }).getByText("database").waitFor();

    await page.getByRole("button", { name: "Optimize now" }).click();
    const run = page.locator('[data-run][data-status="succeeded"]').first();
    await run.waitFor({ timeout: 30_000 });
    await run.locator('[data-step="rollups"][data-status="succeeded"]').waitFor();
    expect(await page.locator("[data-run]").count()).toBe(1); // nothing else ran meanwhile
    await page.screenshot({ path: `${ARTIFACTS}/performance.png`, fullPage: true });
  });
});
