import { describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.js";
import { ARTIFACTS, useServerAndBrowser } from "./browser.js";
import { Agent } from "@vta/contracts";
import { answer } from "./answers.js";

const ctx = useServerAndBrowser();

describe("analytics in Chromium", () => {
  it("shows the workspace summary, an agent's charts and totals, and the interaction log", async () => {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    const api = context.request;
    const signup = await api.post(`${ctx.server.url}/api/v1/auth/signup`, {
      data: { email: "grace@example.test", password: "cobol-forever", name: "Grace" },
    });
    expect(signup.status()).toBe(201);
    const agent = await answer(
      await api.post(`${ctx.server.url}/api/v1/agents`, { data: { name: "Helpdesk" }, headers: { origin: ctx.server.url } }),
      Agent,
      201,
    );
    const day = 86_400_000;
    const items = Array.from({ length: 60 }, (_, i) => ({
      agentId: agent.id,
      createdAt: new Date(Date.now() - (i % 20) * day).toISOString(),
      responseTimeMs: 100 + i,
      endUserId: `user-${i % 7}`,
      userRating: (i % 5) + 1,
      tokensIn: 10,
      tokensOut: 5,
      cost: 0.001,
      input: `question ${i}`,
    }));
    const ingest = await api.post(`${ctx.server.url}/api/v1/interactions`, { data: { items }, headers: { origin: ctx.server.url } });
    expect(ingest.status()).toBe(201);

    await page.goto(`${ctx.server.url}/`);
    const summary = page.getByTestId("workspace-summary");
    await summary.getByText("60", { exact: true }).waitFor();

    await page.getByRole("link", { name: "Analytics" }).first().click();
    const totals = page.getByTestId("analytics-totals");
    await totals.getByText("60", { exact: true }).waitFor();
    expect(await totals.textContent()).toContain("7"); // unique users
    expect(await page.locator(".uplot").count()).toBe(6);
    // The legend has values before any hover (the last day, today: partial) and follows the cursor.
    const chart = page.getByRole("figure").filter({ hasText: "Interactions" }).first();
    const legend = chart.getByTestId("chart-legend");
    expect(await legend.textContent()).toMatch(/\(partial\) · latestInteractions: \d+/);
    const plot = await chart.locator(".u-over").boundingBox();
    await page.mouse.move(plot!.x + plot!.width * 0.3, plot!.y + plot!.height / 2);
    await legend.filter({ hasNotText: "latest" }).waitFor();
    expect(await legend.textContent()).toMatch(/^\d{1,2} \w{3} \d{4}Interactions: \d+$/);
    expect(await legend.textContent()).not.toContain("--");
    await page.screenshot({ path: `${ARTIFACTS}/agent-analytics-hover.png`, fullPage: true });
    await page.mouse.move(0, 0);
    await page.getByRole("button", { name: "weekly" }).click();
    await page.waitForURL(/period=weekly/);
    await totals.getByText("60", { exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/agent-analytics.png`, fullPage: true });
    // By month, the month in progress (and the one the range starts in) are drawn dashed and said partial.
    await page.getByRole("button", { name: "monthly" }).click();
    await page.waitForURL(/period=monthly/);
    await page.getByText(/Dashed: a month the range cuts or that is not over yet/).waitFor();
    await legend.filter({ hasText: /^\w+ \d{4} \(partial\)/ }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/agent-analytics-monthly.png`, fullPage: true });

    // An agent without interactions: an empty state, not axes from 0 to 100.
    const quiet = await answer(
      await api.post(`${ctx.server.url}/api/v1/agents`, { data: { name: "Quiet one" }, headers: { origin: ctx.server.url } }),
      Agent,
      201,
    );
    await page.goto(`${ctx.server.url}/agents/${quiet.id}/analytics`);
    await page.getByTestId("analytics-empty").getByText("No interactions in this period.").waitFor();
    expect(await page.locator(".uplot").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole("link", { name: "Interactions" }).click();
    await page.getByText("question 0", { exact: true }).waitFor();
    // Rows name their agent; the filter finds agents by name, not by id.
    expect(new Set(await page.locator("tbody tr td:nth-child(2)").allTextContents())).toEqual(new Set(["Helpdesk"]));
    const picker = page.getByRole("combobox", { name: "Agent" });
    await picker.fill("help");
    await page.getByRole("option", { name: "Helpdesk" }).click();
    expect(await picker.inputValue()).toBe("Helpdesk");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(new RegExp(`agentId=${agent.id}`));
    await page.locator("tbody tr details").first().click(); // opens to the question and the answer
    await page.screenshot({ path: `${ARTIFACTS}/interactions.png`, fullPage: true });
    await picker.fill("quiet");
    await page.getByRole("option", { name: "Quiet one" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]); // the picker open
    await picker.press("Escape");
    await page.getByRole("link", { name: "Clear filters" }).click();
    await page.waitForURL((u) => !u.search.includes("agentId"));
    await page.getByLabel("End user").fill("user-3");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/endUserId=user-3/);
    await page.locator("tbody tr").first().waitFor();
    const users = await page.locator("tbody tr td:nth-child(4)").allTextContents();
    expect(users.length).toBeGreaterThan(0);
    expect(new Set(users)).toEqual(new Set(["user-3"]));
    const exportHref = await page.getByRole("link", { name: "Export CSV" }).getAttribute("href");
    const csv = await api.get(`${ctx.server.url}${exportHref}`);
    expect((await csv.text()).trim().split("\n")).toHaveLength(1 + users.length);
    await context.close();
  });
});
