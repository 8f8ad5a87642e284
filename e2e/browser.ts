import { mkdirSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startServer, type RunningServer, type SeedSpec } from "./server.js";

export const ARTIFACTS = "test-results";

/** Debian's Chromium driven by playwright-core: nothing is downloaded. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

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
export async function signUp(page: Page, baseUrl: string, who: { name: string; email: string; password: string }) {
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign up" }).click();
}
