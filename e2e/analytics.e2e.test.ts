import { describe, expect, it } from "vitest";
import { ARTIFACTS, useServerAndBrowser } from "./browser.js";

const ctx = useServerAndBrowser();

describe("analytics in Chromium", () => {
  it("shows the workspace summary, an agent's charts and totals, and the interaction log", async () => {
    const context = await ctx.browser.newContext();
    const page = await context.newPage();
    const api = context.request;
    const signup = await api.post(`${ctx.server.url}/api/v1/auth/signup`, { data: { email: "grace@example.test", password: "cobol-forever", name: "Grace" } });
    expect(signup.status()).toBe(201);
    const agent = (await (await api.post(`${ctx.server.url}/api/v1/agents`, { data: { name: "Helpdesk" }, headers: { origin: ctx.server.url } })).json()) as { id: string };
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
    await page.getByRole("button", { name: "weekly" }).click();
    await page.waitForURL(/period=weekly/);
    await totals.getByText("60", { exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/agent-analytics.png`, fullPage: true });

    await page.getByRole("link", { name: "Interactions" }).click();
    await page.getByText("question 0", { exact: true }).waitFor();
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
