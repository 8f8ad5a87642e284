import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";
import { startMailbox, type Mailbox } from "./mailbox.js";

// The server mails invitations to a mail server of the test's own, on loopback.
let mailbox: Mailbox;
const env: Record<string, string> = {};
beforeAll(async () => {
  mailbox = await startMailbox();
  env.MAIL_URL = mailbox.url;
});
afterAll(() => mailbox.close());
const ctx = useServerAndBrowser(env);

describe("agents dashboard in Chromium", () => {
  it("signs up, creates an agent, sees its card, toggles it and deletes it", async () => {
    const page = await ctx.browser.newPage();
    // A new instance opens on signing up; a new account lands in the Studio.
    await page.goto(`${ctx.server.url}/`);
    await page.waitForURL("**/signup");
    await page.getByLabel("Name").fill("Ada Lovelace");
    await page.getByLabel("Email").fill("ada@example.test");
    await page.getByLabel("Password").fill("analytical-engine");
    await page.getByRole("button", { name: "Sign up" }).click();
    await page.waitForURL("**/studio");

    await page.getByRole("link", { name: "Agents" }).click();
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
        ? route.fulfill({
            status: 503,
            contentType: "application/json",
            body: '{"error":{"code":"unavailable","message":"The database is unavailable; retry shortly"}}',
          })
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

  it("invites a second person as a viewer on the Members page; they accept the mailed link, see the agents but cannot manage members", async () => {
    const owner = await ctx.browser.newContext();
    const guest = await ctx.browser.newContext();
    const ownerPage = await owner.newPage();
    const guestPage = await guest.newPage();
    await signUp(ownerPage, ctx.server.url, { name: "Grace Hopper", email: "grace@example.test", password: "cobol-compiler" });
    await ownerPage.waitForURL("**/studio");
    await signUp(guestPage, ctx.server.url, { name: "Alan Turing", email: "alan@example.test", password: "turing-machine" });
    await guestPage.waitForURL("**/studio");

    await ownerPage.getByRole("link", { name: "Members" }).click();
    await ownerPage.getByLabel("Email").fill("alan@example.test");
    await ownerPage.getByLabel("Role", { exact: true }).selectOption("viewer");
    await ownerPage.getByRole("button", { name: "Invite" }).click();
    await ownerPage.getByRole("status").filter({ hasText: "Invitation sent to alan@example.test" }).waitFor();
    // Not a member until Alan accepts: the pending invitation appears (once the list has reloaded), and only it.
    await ownerPage.getByRole("cell", { name: "alan@example.test" }).first().waitFor();
    expect(await ownerPage.getByRole("cell", { name: "alan@example.test" }).count()).toBe(1);
    await ownerPage.screenshot({ path: `${ARTIFACTS}/members.png`, fullPage: true });

    // Alan opens the mailed link and accepts: he lands in Grace's workspace as a viewer.
    // (The link names PUBLIC_URL, localhost by default; the test's server is reached as 127.0.0.1.)
    await guestPage.goto(`${ctx.server.url}${new URL(await mailbox.link("alan@example.test", "/invite/")).pathname}`);
    await guestPage.getByRole("button", { name: /Accept and join Grace Hopper's workspace/ }).click();
    await guestPage.getByRole("link", { name: "Members" }).click();
    await guestPage.getByRole("cell", { name: "grace@example.test" }).waitFor();
    expect(await guestPage.getByRole("button", { name: "Invite" }).count()).toBe(0);
    expect(await guestPage.getByRole("button", { name: "Remove" }).count()).toBe(0);

    await ownerPage.reload();
    expect(await ownerPage.getByLabel("Role of alan@example.test").inputValue()).toBe("viewer");
    await ownerPage.getByRole("button", { name: "Remove" }).click();
    await ownerPage.getByLabel("Role of alan@example.test").waitFor({ state: "detached" });
    await owner.close();
    await guest.close();
  });
});
