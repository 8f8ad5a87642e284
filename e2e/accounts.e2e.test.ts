import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { freePort } from "../apps/server/test/process.js";
import { startProvider, type TestProvider } from "../apps/server/test/oidc.js";
import { totpCode } from "../apps/server/src/modules/accounts/two-factor.js";
import { checkBothWidths } from "./axe.js";
import { ARTIFACTS, useServerAndBrowser } from "./browser.js";
import { startMailbox, type Mailbox } from "./mailbox.js";

// Mail goes to the test's own SMTP server; single sign-on to a real OpenID provider on loopback.
const SETUP_TOKEN = "accounts-e2e-setup-token-0123456789";
let mailbox: Mailbox;
let provider: TestProvider;
const env: Record<string, string> = { SETUP_TOKEN, OIDC_NAME: "Acme SSO" };
beforeAll(async () => {
  mailbox = await startMailbox();
  const port = await freePort();
  // Links in mail and the provider's way back name the address the browser uses.
  Object.assign(env, { MAIL_URL: mailbox.url, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` });
  provider = await startProvider(`${env.PUBLIC_URL}/api/v1/auth/sso/callback`);
  Object.assign(env, { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: provider.clientId, OIDC_CLIENT_SECRET: provider.clientSecret });
});
afterAll(async () => {
  await mailbox.close();
  await provider.close();
});
const ctx = useServerAndBrowser(env);

/** axe on each page visited, at both widths; checked at the end so one run lists them all. */
const accessibility: { page: string; width: number; violations: string[] }[] = [];
const audit = async (page: Page, label: string) => {
  accessibility.push(...(await checkBothWidths(page, label)));
  await page.setViewportSize({ width: 1440, height: 900 });
};

async function fillSignUp(page: Page, who: { name: string; email: string; password: string }) {
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign up" }).click();
}

async function logIn(page: Page, email: string, password: string) {
  await page.goto(`${ctx.server.url}/login`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}

async function logOut(page: Page) {
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL("**/login");
}

describe("the first hour in Chromium", () => {
  it("opens a new instance on signing up, builds a first app from an example, invites a viewer by mail who sees it", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${ctx.server.url}/`);
    await page.waitForURL("**/signup");
    await page.getByText("No one administers it yet").waitFor();
    await audit(page, "sign up");

    await page.goto(`${ctx.server.url}/signup?setup=${SETUP_TOKEN}`);
    await fillSignUp(page, { name: "Olive Owner", email: "olive@example.test", password: "first-light-admin" });
    await page.getByRole("heading", { name: "Welcome! Describe your first app" }).waitFor();
    await audit(page, "studio home");
    await page.getByRole("button", { name: "Build this example: Tasks by priority" }).click();
    await page.getByText("Version 1").waitFor();
    await page.getByRole("heading", { name: "Task Tracker" }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/first-build.png`, fullPage: true });

    await page.getByRole("link", { name: "Members" }).click();
    await page.getByLabel("Email").fill("vera@example.test");
    await page.getByLabel("Role", { exact: true }).selectOption("viewer");
    await page.getByRole("button", { name: "Invite" }).click();
    await page.getByRole("status").filter({ hasText: "Invitation sent to vera@example.test" }).waitFor();
    await audit(page, "members");

    // Vera has no account yet: the link lets her make one, then join.
    const guest = await ctx.browser.newContext();
    const guestPage = await guest.newPage();
    await guestPage.goto(await mailbox.link("vera@example.test", "/invite/"));
    await guestPage.getByRole("link", { name: "create an account" }).click();
    await fillSignUp(guestPage, { name: "Vera Viewer", email: "vera@example.test", password: "just-looking-around" });
    await guestPage.getByRole("button", { name: /Accept and join Olive Owner's workspace/ }).click();
    await guestPage.waitForURL("**/studio");
    await guestPage.getByRole("link", { name: "Task Tracker" }).click();
    await guestPage.getByRole("heading", { name: "Task Tracker" }).waitFor();
    await guestPage.screenshot({ path: `${ARTIFACTS}/viewer-sees-app.png`, fullPage: true });
    await guest.close();
    await page.close();
  });

  it("resets a forgotten password through the mailed link", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await logIn(page, "olive@example.test", "not-my-password");
    await page.getByRole("alert").filter({ hasText: "Email or password is wrong" }).waitFor();
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    await audit(page, "forgot password");
    await page.getByLabel("Email").fill("olive@example.test");
    await page.getByRole("button", { name: "Mail me a link" }).click();
    await page.getByRole("status").filter({ hasText: "a link to choose a new password is on its way" }).waitFor();

    await page.goto(await mailbox.link("olive@example.test", "/reset-password"));
    await audit(page, "reset password");
    await page.getByLabel("New password").fill("a-second-dawn-admin");
    await page.getByRole("button", { name: "Set the new password" }).click();
    await page.getByRole("status").filter({ hasText: "Your password is changed" }).waitFor();
    await logIn(page, "olive@example.test", "a-second-dawn-admin");
    await page.waitForURL("**/studio");
    await page.close();
  });

  it("turns two-factor sign-in on, then signs in with an app's code and with a recovery code", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await logIn(page, "olive@example.test", "a-second-dawn-admin");
    await page.getByRole("link", { name: "Olive Owner" }).click();
    await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
    await page.getByAltText(/QR code/).waitFor();
    await audit(page, "account, two-factor set-up");
    const secret = (await page.getByLabel("Secret").textContent())!.trim();
    await page.getByLabel("Code from the app").fill(totpCode(secret));
    await page.getByRole("button", { name: "Turn it on" }).click();
    const list = page.getByRole("list", { name: "Recovery codes" });
    await list.waitFor();
    const codes = await list.getByRole("listitem").allTextContents();
    expect(codes).toHaveLength(10);
    await page.screenshot({ path: `${ARTIFACTS}/two-factor-on.png`, fullPage: true });

    await logOut(page);
    await logIn(page, "olive@example.test", "a-second-dawn-admin");
    await page.getByRole("heading", { name: "Two-factor sign-in" }).waitFor();
    await audit(page, "two-factor sign-in");
    // The next time step's code: the one the enrolment used cannot sign in again.
    await page.getByLabel("Code").fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/studio");

    await logOut(page);
    await logIn(page, "olive@example.test", "a-second-dawn-admin");
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(codes[0]!);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL("**/studio");
    await page.close();
  });

  it("signs in through the instance's OpenID provider", async () => {
    const context = await ctx.browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${ctx.server.url}/login`);
    await audit(page, "log in");
    await page.getByRole("link", { name: "Continue with Acme SSO" }).click();
    // The provider's own (development) pages: any name signs in there.
    await page.locator('input[name="login"]').fill("sam@example.test");
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await page.waitForURL("**/studio");
    await page.getByRole("link", { name: "SSO sam" }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/sso-signed-in.png`, fullPage: true });
    await context.close();
  });

  it("has no serious or critical accessibility findings on the pages it visited, at 1440 and 390 px", () => {
    expect(accessibility.filter((a) => a.violations.length > 0)).toEqual([]);
    expect(accessibility.length).toBeGreaterThanOrEqual(16);
  });
});
