/**
 * Stored XSS: script payloads in agent names, an app's description, field values and record values
 * stay text in the real browser — in the dashboard, the Studio, the shared page and the exported file.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { signUp, useServerAndBrowser } from "./browser.js";
import { Build, BuildAccepted, ShareLink } from "@vta/contracts";
import { answer } from "./answers.js";

const ctx = useServerAndBrowser();
const PAYLOADS = [
  `<img src=x onerror="window.__xss=(window.__xss||0)+1">`,
  `<script>window.__xss=(window.__xss||0)+1</script>`,
  `"><svg onload="window.__xss=1">`,
  `javascript:window.__xss=1`,
];

async function inert(page: Page) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
}

describe("stored script payloads in Chromium", () => {
  it("stay inert everywhere they are shown", async () => {
    const page = await ctx.browser.newPage();
    page.on("dialog", (d) => {
      throw new Error(`a dialog opened: ${d.message()}`);
    });
    // Our own pages run under the CSP without a single violation.
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await signUp(page, ctx.server.url, { name: PAYLOADS[0]!, email: "mallory@example.test", password: "not-so-innocent" });
    await page.getByRole("link", { name: "Studio" }).waitFor();

    const api = (path: string, data?: unknown) =>
      data === undefined
        ? page.request.get(`${ctx.server.url}/api/v1${path}`)
        : page.request.post(`${ctx.server.url}/api/v1${path}`, { data, headers: { origin: ctx.server.url } });
    for (const name of PAYLOADS) expect((await api("/agents", { name, description: name })).status()).toBe(201);
    const started = await answer(
      await api("/apps", { text: `An app to track books with a title and a website. ${PAYLOADS[1]}` }),
      BuildAccepted,
      202,
    );
    for (let i = 0; i < 100; i++) {
      const b = await answer(await api(`/builds/${started.buildId}`), Build);
      if (b.status === "succeeded") break;
      await page.waitForTimeout(100);
    }
    for (const title of PAYLOADS) expect((await api(`/apps/${started.appId}/records/book`, { title })).status()).toBe(201);
    // A link field only takes http(s): the javascript: URL is refused, not stored.
    expect((await api(`/apps/${started.appId}/records/book`, { title: "x", website: PAYLOADS[3] })).status()).toBe(400);

    const spa = await page.goto(`${ctx.server.url}/`);
    expect(spa?.headers()["content-security-policy"]).toMatch(/script-src 'self'; .*frame-ancestors 'none'/);
    expect(spa?.headers()["x-content-type-options"]).toBe("nosniff");
    await page.getByText(PAYLOADS[1]!).first().waitFor();
    await inert(page);

    await page.goto(`${ctx.server.url}/studio/${started.appId}`);
    await page.getByRole("cell", { name: PAYLOADS[0], exact: true }).waitFor();
    await page.getByText(PAYLOADS[1]!, { exact: false }).first().waitFor();
    await inert(page);

    expect(violations).toEqual([]);
    const share = await answer(await api(`/apps/${started.appId}/share`, {}), ShareLink);
    await page.goto(`${ctx.server.url}/s/${share.shareToken}`);
    await page.getByRole("cell", { name: PAYLOADS[2], exact: true }).waitFor();
    await inert(page);

    const html = await (await api(`/apps/${started.appId}/export`)).text();
    const file = join(mkdtempSync(join(tmpdir(), "vta-xss-")), "export.html");
    writeFileSync(file, html);
    await page.goto(pathToFileURL(file).href);
    await page.getByRole("cell", { name: PAYLOADS[1], exact: true }).waitFor();
    await inert(page);
  });
});
