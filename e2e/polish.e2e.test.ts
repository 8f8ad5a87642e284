import { describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.js";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";

const ctx = useServerAndBrowser();

describe("copy buttons and toasts in Chromium", () => {
  it("copies a new API key and a share link, and says saves and errors in toasts", async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ctx.server.url });
    const page = await context.newPage();
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    const toast = (text: string | RegExp) => page.locator("[data-sonner-toast]").filter({ hasText: text });
    await signUp(page, ctx.server.url, { name: "Ada", email: "ada@example.test", password: "analytical-engine" });
    await page.getByRole("link", { name: "Members" }).waitFor(); // signed in

    // A new key: a toast says so, and Copy puts exactly the shown key on the clipboard.
    await page.getByRole("link", { name: "API keys" }).click();
    await page.getByLabel("Key name").fill("CI");
    await page.getByRole("button", { name: "Create key" }).click();
    await toast("Key “CI” created: copy it now").waitFor();
    const key = (await page.getByTestId("new-api-key").textContent())!;
    expect(key.length).toBeGreaterThan(20);
    await page.getByRole("button", { name: "Copy API key" }).click();
    await page.getByRole("button", { name: "Copied API key" }).waitFor();
    expect(await clipboard()).toBe(key);
    expect(await seriousViolations(page)).toEqual([]); // a toast and the copied key on screen
    await page.getByRole("button", { name: "Copy API key" }).waitFor(); // back after two seconds
    await page.screenshot({ path: `${ARTIFACTS}/api-key-copied.png` });

    // A refused revoke has nowhere on the page to go: it is a toast with the server's reason.
    await page.route("**/api/v1/api-keys/*", (route) =>
      route.fulfill({
        status: 503,
        contentType: "application/json",
        body: '{"error":{"code":"unavailable","message":"The database is unavailable; retry shortly"}}',
      }),
    );
    await page.getByRole("button", { name: "Revoke" }).click();
    await toast("Could not revoke “CI”").filter({ hasText: "The database is unavailable; retry shortly" }).waitFor();
    await page.unroute("**/api/v1/api-keys/*");
    await page.getByRole("button", { name: "Revoke" }).click();
    await toast("Key “CI” revoked").waitFor();
    await page.getByText("No keys yet.").waitFor();

    // An agent saved: the toast outlives the page it was made on.
    await page.getByRole("link", { name: "Agents" }).click();
    await page.getByRole("link", { name: "New agent" }).first().click();
    await page.getByLabel("Name").fill("Helper");
    await page.getByRole("button", { name: "Create agent" }).click();
    await page.getByTestId("agent-card").filter({ hasText: "Helper" }).waitFor();
    await toast("Created “Helper”").waitFor();

    // A share link: made with a toast, copied whole.
    await page.getByRole("link", { name: "Studio" }).click();
    await page.getByLabel("Your description").fill("An app to track books with a title and an author.");
    await page.getByRole("button", { name: "Build the app" }).click();
    await page.getByText("Version 1").waitFor();
    await page.getByRole("button", { name: "Share read-only link" }).click();
    await toast(/Read-only link made/).waitFor();
    const link = await page.getByLabel("Share link", { exact: true }).inputValue();
    expect(link).toMatch(new RegExp(`^${ctx.server.url}/s/[\\w-]{20,}$`));
    await page.getByRole("button", { name: "Copy share link" }).click();
    await page.getByRole("button", { name: "Copied share link" }).waitFor();
    expect(await clipboard()).toBe(link);
    await page.screenshot({ path: `${ARTIFACTS}/share-link-copied.png` });
    const shared = await context.newPage();
    await shared.goto(link);
    await shared.getByRole("heading", { level: 1 }).waitFor();
    await shared.close();
    await page.getByRole("button", { name: "Stop sharing" }).click();
    await toast(/Sharing stopped/).waitFor();
    expect(await page.getByLabel("Share link", { exact: true }).count()).toBe(0);
    await context.close();
  });
});
