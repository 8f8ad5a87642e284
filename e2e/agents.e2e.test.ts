import { describe, expect, it } from "vitest";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";

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

  it("adds a second person as a viewer on the Members page; they see the agents but cannot manage members", async () => {
    const owner = await ctx.browser.newContext();
    const guest = await ctx.browser.newContext();
    const ownerPage = await owner.newPage();
    const guestPage = await guest.newPage();
    await signUp(ownerPage, ctx.server.url, { name: "Grace Hopper", email: "grace@example.test", password: "cobol-compiler" });
    await ownerPage.getByRole("link", { name: "New agent" }).waitFor();
    await signUp(guestPage, ctx.server.url, { name: "Alan Turing", email: "alan@example.test", password: "turing-machine" });
    await guestPage.getByRole("link", { name: "New agent" }).waitFor();

    await ownerPage.getByRole("link", { name: "Members" }).click();
    await ownerPage.getByLabel("Email").fill("nobody@example.test");
    await ownerPage.getByRole("button", { name: "Add" }).click();
    await ownerPage.getByRole("alert").filter({ hasText: "sign up first" }).waitFor();
    await ownerPage.getByLabel("Email").fill("alan@example.test");
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("viewer");
    await ownerPage.getByRole("button", { name: "Add" }).click();
    await ownerPage.getByRole("cell", { name: "alan@example.test" }).waitFor();
    expect(await ownerPage.getByLabel("Role of alan@example.test").inputValue()).toBe("viewer");
    await ownerPage.screenshot({ path: `${ARTIFACTS}/members.png`, fullPage: true });

    // The guest switches to Grace's workspace: a viewer reads the members, with nothing to manage.
    await guestPage.reload();
    const workspaces = guestPage.getByLabel("Workspace");
    const graces = await workspaces.locator("option", { hasText: "(viewer)" }).getAttribute("value");
    if (!graces) throw new Error("Grace's workspace is not offered to the guest");
    await workspaces.selectOption(graces);
    await guestPage.getByRole("link", { name: "Members" }).click();
    await guestPage.getByRole("cell", { name: "grace@example.test" }).waitFor();
    expect(await guestPage.getByRole("button", { name: "Add" }).count()).toBe(0);
    expect(await guestPage.getByRole("button", { name: "Remove" }).count()).toBe(0);

    await ownerPage.getByRole("button", { name: "Remove" }).click();
    await ownerPage.getByRole("cell", { name: "alan@example.test" }).waitFor({ state: "detached" });
    await owner.close();
    await guest.close();
  });
});
