/**
 * The Assistant bar in Chromium, as a client: the typed paths and their screens (cards, undo, lists as chips,
 * answers aloud, candidates, ratings, a refusal, no bar on a shared page, accessibility at two widths), and
 * the live protocol from the browser side against a stand-in endpoint (40 ms messages in real time, stop,
 * errors). e2e/assistant.e2e.test.ts speaks to the real live endpoint.
 */
import type { Page, WebSocketRoute } from "playwright-core";
import { describe, expect, it } from "vitest";
import { AppRecord, pageOf, ShareLink, Transcription } from "@vta/contracts";
import { seriousViolations } from "./axe.js";
import { answer } from "./answers.js";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";
import { builtApp, pageApi } from "./built-app.js";
import { fakeMicrophone } from "./fake-mic.js";

// Chromium's fake microphone plays the command spoken by flite after half a second, then quiet.
// (flite's "unpaid" is heard as "paid" by the recogniser, from the file itself too.)
const ctx = useServerAndBrowser({}, fakeMicrophone("show orders that are not paid"));

const APP =
  "An app to track customers and orders. Each customer has a name and an email. Each order has an item, an amount in dollars, a customer, a due date, a status which can be open or shipped, and paid yes or no.";

async function studioWithApp(page: Page, who: string) {
  await signUp(page, ctx.server.url, { name: who, email: `${who.toLowerCase()}@example.test`, password: "tea-and-cake-please" });
  await page.getByRole("link", { name: "Studio" }).waitFor();
  const api = pageApi(page, ctx.server.url);
  const appId = await builtApp(api, APP);
  for (const name of ["Jane", "Omar"]) await answer(await api(`/apps/${appId}/records/customer`, { name }), AppRecord, 201);
  await page.goto(`${ctx.server.url}/studio/${appId}`);
  return { appId, api };
}

/** A 16 kHz mono 16-bit WAV around the samples the page sent. */
function wavOf(pcm: Buffer): Buffer {
  const h = Buffer.alloc(44);
  h.write("RIFF", 0);
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write("WAVEfmt ", 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(16_000, 24);
  h.writeUInt32LE(32_000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write("data", 36);
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

describe("the Assistant in the running app, in Chromium", () => {
  it("typed: proposes, confirms an edited card, undoes; writes without asking; lists with chips; answers aloud; resends with a candidate; rates; shows a refusal", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const { appId, api } = await studioWithApp(page, "Rosa");
    const orders = async () => (await answer(await api(`/apps/${appId}/records/order?limit=100`), pageOf(AppRecord))).items;
    const input = page.getByTestId("assistant-input");
    const say = async (text: string) => {
      await input.fill(text);
      await input.press("Enter");
    };
    await page.getByRole("tab", { name: "Orders" }).click();

    // A proposal: nothing written until confirmed; the card's inputs hold the values, typed by field.
    await say("add an order for Jane, tea, 40 dollars");
    const card = page.getByTestId("assistant-card");
    await card.getByText("Add order: Item Tea, Amount $40, Customer Jane").waitFor();
    expect(await card.getByLabel("Amount").inputValue()).toBe("40");
    // The customer's title shows "…" while its lookup is on the way.
    await expect.poll(() => card.getByLabel("Customer").inputValue()).toBe("Jane");
    expect(await input.inputValue()).toBe("");
    expect(await orders()).toHaveLength(0);
    await card.getByLabel("Amount").fill("45");
    await page.screenshot({ path: `${ARTIFACTS}/assistant-card.png` });
    await page.getByTestId("assistant-confirm").click();
    await page.getByText(/^Done: Add order: Item Tea/).waitFor();
    const written = await orders();
    expect(written.map((r) => [r.data.item, r.data.amount])).toEqual([["Tea", 45]]);
    // The list on screen refreshed by itself.
    await page.getByRole("cell", { name: "Tea", exact: true }).waitFor();
    await page.getByRole("cell", { name: "45.00" }).waitFor();
    await page.getByTestId("assistant-undo").click();
    await page.getByText(/^Undone: Add order: Item Tea/).waitFor();
    await page.getByRole("cell", { name: "Tea", exact: true }).waitFor({ state: "detached" });
    expect(await orders()).toHaveLength(0);

    // Write without asking: applied at once, and still on after a reload.
    await page.getByLabel("Write without asking").check();
    await say("add an order for Jane, cake, 10 dollars");
    await page.getByText(/^Done: Add order: Item Cake/).waitFor();
    await page.getByRole("cell", { name: "Cake", exact: true }).waitFor();
    await page.reload();
    expect(await page.getByLabel("Write without asking").isChecked()).toBe(true);
    expect(await page.getByLabel("Read answers aloud").isChecked()).toBe(false);
    await say("add an order for Jane, scones, 12 dollars");
    await page.getByText(/^Done: Add order: Item Scones/).waitFor();
    await say("add an order for Omar, teapot, 30 dollars");
    await page.getByText(/^Done: Add order: Item Teapot/).waitFor();
    expect(await page.getByTestId("assistant-card").count()).toBe(0);

    // Unclear: the hint, and each record it could mean resends the command with its title.
    await say("mark Jane's order as paid");
    await page.getByTestId("assistant-hint").getByText("2 orders match (Cake, Scones)", { exact: false }).waitFor();
    await page.getByRole("group", { name: "Did you mean" }).getByRole("button", { name: "Scones" }).click();
    await page.getByText("Done: Change order Scones: Paid yes").waitFor();
    expect((await orders()).find((r) => r.data.item === "Scones")!.data.paid).toBe(true);

    // A list: the runtime switches to it and shows the filter as a chip, with the count.
    await page.getByRole("tab", { name: "Customers" }).click();
    await say("show unpaid orders");
    await page.getByText("2 orders: paid: no").waitFor();
    await page.getByRole("tab", { name: "Orders", selected: true }).waitFor();
    await page.getByRole("button", { name: "Remove filter: Paid is no" }).waitFor();
    await page.getByText("2 orders", { exact: true }).waitFor();
    expect(await page.getByRole("cell", { name: "Scones", exact: true }).count()).toBe(0);

    // An answer, prominent, and read aloud: Chromium here has no voices, so the server's recording plays.
    await page.getByLabel("Read answers aloud").check();
    await say("what is the total amount of unpaid orders");
    const said = page.getByTestId("assistant-answer");
    await said.waitFor();
    expect(await said.textContent()).toBe("The total amount of 2 orders (paid: no) is $40.");
    const audio = page.getByTestId("spoken-answer");
    expect(await audio.getAttribute("src")).toBe(
      `/api/v1/speech?${new URLSearchParams({ text: "The total amount of 2 orders (paid: no) is $40." })}`,
    );

    // Thumbs up rates the answer's interaction (the button shows pressed once the server took it).
    const entry = page.getByRole("listitem").filter({ has: said });
    await entry.getByRole("button", { name: "Good result" }).click();
    await entry.getByRole("button", { name: "Good result", pressed: true }).waitFor();
    const results = await page.evaluate(() => document.querySelectorAll('[aria-label="Assistant results"] > li').length);
    expect(results).toBe(5);

    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/assistant-typed.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 900 });
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/assistant-typed-390.png` });
    await page.setViewportSize({ width: 1440, height: 900 });

    // A refusal (as a viewer gets for a write) shows the server's words.
    await page.route("**/api/v1/apps/*/commands", (route) =>
      route.fulfill({
        status: 403,
        contentType: "application/json",
        body: JSON.stringify({ error: { code: "forbidden", message: "Viewers can ask and list, not add, change or delete records" } }),
      }),
    );
    await say("add an order for Omar, jam, 5 dollars");
    await page.getByRole("alert").getByText("Viewers can ask and list, not add, change or delete records").waitFor();
    await page.unroute("**/api/v1/apps/*/commands");

    // A shared page has no Assistant.
    const link = await answer(await api(`/apps/${appId}/share`, {}), ShareLink);
    await page.goto(`${ctx.server.url}/s/${link.shareToken}`);
    await page.getByRole("tab", { name: "Orders" }).waitFor();
    expect(await page.getByTestId("assistant-input").count()).toBe(0);
    await page.close();
  });

  it("spoken: 16 kHz samples go up while the person speaks, partial words show, the final transcription is sent as the command; a second press stops early; an error is shown", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    const { appId } = await studioWithApp(page, "Linus");
    // The server's live endpoint, played here: ready after a moment, a partial, and at 4.5 s of
    // audio (or on stop) the samples received transcribed by the real server, sent as final.
    const got = { sizes: [] as number[], first: 0, last: 0, stops: 0, query: "" };
    let mode: "auto" | "manual" | "error" = "auto";
    const live = (ws: WebSocketRoute) => {
      got.query = new URL(ws.url()).search;
      const pcm: Buffer[] = [];
      let done = false;
      const finish = async () => {
        if (done) return;
        done = true;
        const form = { file: { name: "live.wav", mimeType: "audio/wav", buffer: wavOf(Buffer.concat(pcm)) } };
        const t = await answer(
          await page.request.post(`${ctx.server.url}/api/v1/transcriptions`, { multipart: form, headers: { origin: ctx.server.url } }),
          Transcription,
          201,
        );
        ws.send(JSON.stringify({ type: "final", text: t.text, transcriptionId: t.id }));
        void ws.close({ code: 1000, reason: "done" });
      };
      setTimeout(() => {
        if (mode === "error") {
          ws.send(JSON.stringify({ type: "error", message: "The recogniser could not start" }));
          void ws.close({ code: 1011, reason: "error" });
        } else ws.send(JSON.stringify({ type: "ready" }));
      }, 300);
      ws.onMessage((m) => {
        if (typeof m === "string") {
          if ((JSON.parse(m) as { type: string }).type === "stop") {
            got.stops++;
            void finish();
          }
          return;
        }
        got.sizes.push(m.length);
        got.first ||= Date.now();
        got.last = Date.now();
        pcm.push(m);
        const bytes = pcm.reduce((n, b) => n + b.length, 0);
        if (pcm.length === 25) ws.send(JSON.stringify({ type: "partial", text: "show orders" }));
        if (mode === "auto" && bytes >= 4.5 * 32_000) void finish();
      });
    };
    await page.routeWebSocket(/\/api\/v1\/transcriptions\/live/, live);

    const mic = page.getByTestId("assistant-mic");
    const results = page.getByRole("list", { name: "Assistant results" });
    await mic.click();
    await page.getByRole("button", { name: "Stop listening" }).waitFor();
    await page.getByRole("meter", { name: "Input level" }).waitFor();
    await page.getByTestId("assistant-partial").getByText("show orders").waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/assistant-listening.png` });
    // Ended by the (played) server: the words heard, then the command they make.
    const entry = page.getByRole("listitem").filter({ hasText: /orders: paid: no/ });
    await entry.waitFor({ timeout: 30_000 });
    const heard = (await page.getByTestId("assistant-partial").textContent()) ?? "";
    expect(heard.toLowerCase()).toMatch(/orders that (are|were) not paid/);
    await page.getByRole("tab", { name: "Orders", selected: true }).waitFor();
    await page.getByRole("button", { name: "Remove filter: Paid is no" }).waitFor();
    await page.getByRole("button", { name: "Speak a command" }).waitFor();
    expect(got.query).toBe(`?appId=${appId}`);
    // 40 ms messages of 16-bit samples at 16 kHz, in real time.
    expect(got.sizes.every((n) => n === 1280)).toBe(true);
    const seconds = (got.last - got.first) / 1000;
    expect((got.sizes.length * 0.04) / seconds).toBeGreaterThan(0.85);
    expect((got.sizes.length * 0.04) / seconds).toBeLessThan(1.15);
    expect(got.stops).toBe(0);

    // A second press stops at once: the server is told, the microphone goes off, the final words come.
    mode = "manual";
    got.sizes = [];
    await mic.click();
    await page.getByRole("button", { name: "Stop listening" }).waitFor();
    await page.waitForTimeout(2_500);
    await page.getByTestId("assistant-mic").click();
    await expect.poll(() => got.stops).toBe(1);
    await page.getByRole("button", { name: "Speak a command" }).waitFor({ timeout: 30_000 });
    const sent = got.sizes.length;
    await page.waitForTimeout(500);
    expect(got.sizes.length).toBe(sent);
    expect(sent * 0.04).toBeLessThan(3.5);
    await expect.poll(async () => results.getByRole("listitem").count(), { timeout: 30_000 }).toBe(2);

    // The server refusing: its message shows, and the button is ready again.
    mode = "error";
    await mic.click();
    await page.getByRole("alert").getByText("The recogniser could not start").waitFor();
    await page.getByRole("button", { name: "Speak a command" }).waitFor();
    await page.close();
  });
});
