import { describe, expect, it } from "vitest";
import { ARTIFACTS, useServerAndBrowser } from "./browser.js";

const ctx = useServerAndBrowser();

describe("agents dashboard in Chromium", () => {
  it("signs up, creates an agent, sees its card, toggles it and deletes it", async () => {
    const page = await ctx.browser.newPage();
    await page.goto(`${ctx.server.url}/`);
    await page.waitForURL("**/login");
    await page.getByRole("link", { name: "Create an account" }).click();
    await page.getByLabel("Name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill("ada@example.test");
    await page.getByLabel("Password").fill("analytical-engine");
    await page.getByRole("button", { name: "Sign up" }).click();

    await page.getByText("No agents yet").waitFor();
    await page.getByRole("link", { name: "New agent" }).click();
    await page.getByLabel("Name").fill("Invoice reader");
    await page.getByLabel("Description").fill("Extracts totals from PDFs");
    await page.getByRole("button", { name: "Create agent" }).click();

    const card = page.getByTestId("agent-card").filter({ hasText: "Invoice reader" });
    await card.waitFor();
    expect(await card.getByTestId("agent-status").textContent()).toBe("active");
    await card.getByRole("button", { name: "Deactivate" }).click();
    await card.getByTestId("agent-status").getByText("inactive").waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/agents-dashboard.png`, fullPage: true });

    // The toggle is stored, not just shown: a reload reads it back from the server.
    await page.reload();
    await card.getByTestId("agent-status").getByText("inactive").waitFor();

    // A refused change rolls back and says so.
    await page.route("**/api/v1/agents/*", (route) =>
      route.request().method() === "PATCH"
        ? route.fulfill({ status: 503, contentType: "application/json", body: '{"error":{"code":"unavailable","message":"The database is unavailable; retry shortly"}}' })
        : route.continue(),
    );
    await card.getByRole("button", { name: "Activate" }).click();
    await page.getByRole("alert").filter({ hasText: "Could not activate" }).waitFor();
    await card.getByTestId("agent-status").getByText("inactive", { exact: true }).waitFor();
    await page.unroute("**/api/v1/agents/*");

    await card.getByRole("button", { name: "Delete" }).click();
    await card.getByRole("button", { name: "Confirm delete" }).click();
    await page.getByText("No agents yet").waitFor();
    expect(await page.getByTestId("agent-card").count()).toBe(0);
    await page.close();
  });
});
