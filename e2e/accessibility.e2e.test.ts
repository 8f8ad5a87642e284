import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { checkBothWidths } from "./axe.js";
import { signUp, useServerAndBrowser } from "./browser.js";
import { Agent } from "@vta/contracts";
import { answer } from "./answers.js";

// The administrator (Performance is theirs) with the instance's one-time setup token.
const SETUP_TOKEN = "a11y-e2e-setup-token-0123456789";
const ctx = useServerAndBrowser({ SETUP_TOKEN });

describe("every page in Chromium", () => {
  it("has no serious or critical axe findings, at 1440 and 390 px", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const found: { page: string; width: number; violations: string[] }[] = [];
    const audit = async (label: string, p: Page = page) => {
      found.push(...(await checkBothWidths(p, label)));
      await p.setViewportSize({ width: 1440, height: 900 });
    };

    await page.goto(`${ctx.server.url}/signup`);
    await page.getByRole("button", { name: "Sign up" }).waitFor();
    await audit("sign up");
    await page.goto(`${ctx.server.url}/login`);
    await page.getByRole("button", { name: "Log in" }).waitFor();
    await audit("log in");

    await signUp(page, ctx.server.url, { name: "Ari Admin", email: "ari@example.test", password: "accessible-always" }, SETUP_TOKEN);
    await page.waitForURL("**/studio");
    const api = (path: string, data: unknown) =>
      page.request.post(`${ctx.server.url}/api/v1${path}`, { data, headers: { origin: ctx.server.url } });

    // Agents, with a retired goal's kind of muted text, a card, its analytics and the log.
    const agent = await answer(await api("/agents", { name: "Support bot", description: "Answers questions" }), Agent, 201);
    const now = Date.now();
    const rows = Array.from({ length: 30 }, (_, i) => ({
      agentId: agent.id,
      responseTimeMs: 200 + i * 10,
      userRating: (i % 5) + 1,
      cost: 0.0012,
      input: `Question ${i}`,
      createdAt: new Date(now - i * 3_600_000).toISOString(),
    }));
    expect((await api("/interactions", { items: rows })).status()).toBeLessThan(300);
    await page.getByRole("link", { name: "Agents" }).click();
    await page.getByTestId("agent-card").first().waitFor();
    await audit("agents dashboard");
    await page.goto(`${ctx.server.url}/agents/${agent.id}`);
    await page.getByRole("heading", { name: "Support bot" }).waitFor();
    await audit("agent detail");
    await page.goto(`${ctx.server.url}/agents/${agent.id}/analytics`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await audit("agent analytics");
    await page.getByRole("link", { name: "Interactions" }).click();
    await page.getByRole("table").waitFor();
    await audit("interactions");

    // The Studio with each kind of view, and a record's form.
    await page.getByRole("link", { name: "Studio" }).click();
    await page
      .getByLabel("Your description")
      .fill(
        "Track tasks with a title, a due date, an estimate and a priority: low, medium or high. Show tasks on a board by priority. Show tasks on a calendar by due date. Show a chart of estimate by priority.",
      );
    await page.getByRole("button", { name: "Build the app" }).click();
    await page.getByText("Version 1").waitFor();
    await page.getByRole("button", { name: "New task" }).click();
    const form = page.getByRole("form", { name: "New Task" });
    await form.getByLabel("Title").fill("Write the report");
    await form.getByLabel("Estimate").fill("3");
    await form.getByLabel("Priority").selectOption("high");
    await audit("record form");
    await form.getByRole("button", { name: "Add task" }).click();
    await page.getByRole("cell", { name: "Write the report", exact: true }).waitFor();
    const views = page.getByRole("group", { name: "Views" });
    for (const name of await views.getByRole("button").allTextContents()) {
      await views.getByRole("button", { name, exact: true }).click();
      await page.waitForTimeout(300);
      await audit(`studio: ${name}`);
    }
    await page.goto(`${ctx.server.url}/studio`);
    await page.getByRole("heading", { name: "Describe an app" }).waitFor();
    await audit("studio home");

    for (const [link, label] of [
      ["Performance", "performance"],
      ["Members", "members"],
      ["API keys", "api keys"],
    ] as const) {
      await page.getByRole("link", { name: link, exact: true }).click();
      await page.getByRole("heading", { level: 1 }).waitFor();
      await page.waitForTimeout(300);
      await audit(label);
    }
    await page.getByRole("link", { name: "Ari Admin" }).click();
    await page.getByRole("heading", { name: "Your account" }).waitFor();
    await audit("account");

    expect(found.filter((f) => f.violations.length > 0)).toEqual([]);
    expect(found.length).toBeGreaterThanOrEqual(30);
  });
});
