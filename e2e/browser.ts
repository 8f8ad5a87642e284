import type { Browser, Page } from "playwright-core";
import { ARTIFACTS, launchChromium } from "./chromium.js";
import { afterAll, beforeAll } from "vitest";
import { startServer, type RunningServer, type SeedSpec } from "./server.js";

export { ARTIFACTS, launchChromium };

/** One real server (fresh PGlite) and one Chromium per test file, started before and stopped after. */
export function useServerAndBrowser(env: Record<string, string> = {}, chromiumArgs: string[] = [], seed?: SeedSpec) {
  const ctx = {} as { server: RunningServer; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startServer(env, seed);
    ctx.browser = await launchChromium(chromiumArgs);
  });
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/** Signs a new person up through the real form; they land signed in. */
export async function signUp(page: Page, baseUrl: string, who: { name: string; email: string; password: string }, setupToken?: string) {
  await page.goto(`${baseUrl}/signup${setupToken ? `?setup=${setupToken}` : ""}`);
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign up" }).click();
}
