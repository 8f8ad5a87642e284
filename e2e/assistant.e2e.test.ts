import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AppRecord, Build, BuildAccepted, pageOf } from "@vta/contracts";
import { answer } from "./answers.js";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";

// Chromium's fake microphone plays this: a command spoken by flite, then silence (the end of speech).
const COMMAND = "add a chocolate cake for maria lopez forty dollars paid";
const dir = mkdtempSync(join(tmpdir(), "vta-e2e-assistant-"));
execFileSync("flite", ["-voice", "slt", "-t", COMMAND, "-o", join(dir, "raw.wav")]);
execFileSync("ffmpeg", [
  "-nostdin",
  "-y",
  "-loglevel",
  "error",
  "-i",
  join(dir, "raw.wav"),
  "-af",
  "adelay=500,apad=whole_dur=8",
  join(dir, "mic.wav"),
]);

const ctx = useServerAndBrowser({}, [
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
  `--use-file-for-fake-audio-capture=${join(dir, "mic.wav")}%noloop`,
  "--autoplay-policy=no-user-gesture-required",
]);

describe("talking to a generated app in Chromium", () => {
  it("hears a spoken create with words as they come, writes it on confirm, answers a question aloud, and undoes", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signUp(page, ctx.server.url, { name: "Maya", email: "maya@example.test", password: "cakes-all-day" });
    await page.getByRole("link", { name: "Studio" }).waitFor();
    const api = (path: string, data?: unknown) =>
      data === undefined
        ? page.request.get(`${ctx.server.url}/api/v1${path}`)
        : page.request.post(`${ctx.server.url}/api/v1${path}`, { data, headers: { origin: ctx.server.url } });
    const started = await answer(
      await api("/apps", {
        text: "A bakery app. Customers with name and phone. Cake orders with customer, flavor (chocolate, vanilla, lemon), price in dollars and paid yes or no.",
      }),
      BuildAccepted,
      202,
    );
    await expect
      .poll(async () => (await answer(await api(`/builds/${started.buildId}`), Build)).status, { timeout: 30_000 })
      .toBe("succeeded");
    expect((await api(`/apps/${started.appId}/records/customer`, { name: "Maria Lopez" })).status()).toBe(201);
    const orders = async () => (await answer(await api(`/apps/${started.appId}/records/cakeOrder`), pageOf(AppRecord))).items;

    await page.goto(`${ctx.server.url}/studio/${started.appId}`);
    await page.getByRole("tab", { name: "Cake orders" }).click();

    // One press: the words appear while the command is spoken, the recording ends by itself, the card shows.
    await page.getByTestId("assistant-mic").click();
    await expect.poll(async () => (await page.getByTestId("assistant-partial").textContent()) ?? "", { timeout: 20_000 }).toMatch(/\w+/);
    const card = page.getByTestId("assistant-card");
    await card.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await card.textContent()) ?? "").toMatch(/chocolate/i);
    await page.screenshot({ path: `${ARTIFACTS}/assistant-card.png` });
    expect(await orders()).toHaveLength(0);

    await page.getByTestId("assistant-confirm").click();
    await page.getByTestId("assistant-undo").waitFor();
    await expect.poll(async () => (await orders()).map((r) => r.data.flavor)).toEqual(["chocolate"]);
    await page.getByRole("cell", { name: "chocolate" }).first().waitFor();

    // A question, typed: the answer is shown, and read aloud by the server's voice.
    await page.getByLabel("Read answers aloud").check();
    await page.getByTestId("assistant-input").fill("how much have we sold in total?");
    await page.getByTestId("assistant-input").press("Enter");
    const said = page.getByTestId("assistant-answer");
    await expect.poll(async () => (await said.textContent()) ?? "", { timeout: 10_000 }).toMatch(/\$40/);
    const spoken = page.getByTestId("spoken-answer");
    await expect
      .poll(async () => spoken.evaluate((a: HTMLAudioElement) => (a.readyState >= 1 ? a.duration : 0)), { timeout: 10_000 })
      .toBeGreaterThan(0.5);
    await page.screenshot({ path: `${ARTIFACTS}/assistant-answer.png` });

    // Undo the write the voice made.
    await page.getByTestId("assistant-undo").click();
    await expect.poll(async () => (await orders()).length).toBe(0);
  });
});
