/** The API as the signed-in page calls it, and an app built from a description through it (the build awaited). */
import type { Page } from "playwright-core";
import { expect } from "vitest";
import { Build, BuildAccepted } from "@vta/contracts";
import { answer } from "./answers.js";

export function pageApi(page: Page, baseUrl: string) {
  return (path: string, data?: unknown) =>
    data === undefined
      ? page.request.get(`${baseUrl}/api/v1${path}`)
      : page.request.post(`${baseUrl}/api/v1${path}`, { data, headers: { origin: baseUrl } });
}

export async function builtApp(api: ReturnType<typeof pageApi>, text: string): Promise<string> {
  const started = await answer(await api("/apps", { text }), BuildAccepted, 202);
  await expect
    .poll(async () => (await answer(await api(`/builds/${started.buildId}`), Build)).status, { timeout: 30_000 })
    .toBe("succeeded");
  return started.appId;
}
