import { describe, expect, it } from "vitest";
import { ARTIFACTS, useServerAndBrowser } from "./browser.js";

const login = { email: "tenk@example.test", password: "ten-thousand-agents" };
const ctx = useServerAndBrowser({}, [], { agents: 10_000, ...login });

describe("agents dashboard with 10,000 agents", () => {
  it("stays virtualized to the end, debounces search into one request, and toggles optimistically", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${ctx.server.url}/login`);
    await page.getByLabel("Email").fill(login.email);
    await page.getByLabel("Password").fill(login.password);
    await page.getByRole("button", { name: "Log in" }).click();
    // Signing in lands in the Studio; the agents are a click away.
    await page.waitForURL("**/studio");
    await page.getByRole("link", { name: "Agents" }).click();
    await page.getByTestId("agent-card").first().waitFor();
    await page.getByTestId("workspace-summary").waitFor();

    // Scroll to the very end: pages load as the end comes near, the DOM keeps only what is visible.
    let maxCards = 0;
    for (let i = 0; i < 400; i++) {
      maxCards = Math.max(maxCards, await page.getByTestId("agent-card").count());
      if (
        (await page
          .getByText("agent #1", { exact: false })
          .filter({ hasText: /agent #1$/ })
          .count()) > 0
      )
        break;
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.waitForTimeout(60);
    }
    await page.getByRole("link", { name: /agent #1$/ }).waitFor({ timeout: 10_000 });
    maxCards = Math.max(maxCards, await page.getByTestId("agent-card").count());
    expect(maxCards).toBeGreaterThan(5);
    expect(maxCards).toBeLessThan(100);
    await page.screenshot({ path: `${ARTIFACTS}/dashboard-10k-end.png` });

    // Typing a word sends one search request, after the pause.
    await page.evaluate(() => window.scrollTo(0, 0));
    const searches: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname === "/api/v1/agents" && url.searchParams.has("search")) searches.push(url.searchParams.get("search")!);
    });
    await page.getByLabel("Search agents").pressSequentially("Billing", { delay: 60 });
    await page.waitForURL(/q=Billing/);
    await page.getByTestId("agent-card").first().waitFor();
    await page.waitForTimeout(500);
    expect(searches).toEqual(["Billing"]);
    const texts = await page.getByTestId("agent-card").allTextContents();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.every((t) => /billing/i.test(t))).toBe(true); // name or description

    // Toggle: the card changes at once, and the change survives a reload.
    const card = page.getByTestId("agent-card").first();
    const id = await card.getAttribute("data-agent-id");
    const before = await card.getByTestId("agent-status").textContent();
    const expected = before === "active" ? "inactive" : "active";
    await card.getByRole("button", { name: before === "active" ? "Deactivate" : "Activate" }).click();
    expect(await page.locator(`[data-agent-id="${id}"]`).getByTestId("agent-status").textContent()).toBe(expected);
    await page.waitForLoadState("networkidle");
    await page.reload();
    await page.locator(`[data-agent-id="${id}"]`).getByTestId("agent-status").getByText(expected, { exact: true }).waitFor();
    await page.close();
  });
});
