import { describe, expect, it } from "vitest";
import { AppRecord, pageOf } from "@vta/contracts";
import { answer } from "./answers.js";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";
import { builtApp, pageApi } from "./built-app.js";
import { fakeMicrophone } from "./fake-mic.js";

// Chromium's fake microphone plays a command spoken by flite, then quiet (the end of speech).
const COMMAND = "add a chocolate cake for maria lopez forty dollars paid";
const ctx = useServerAndBrowser({}, [...fakeMicrophone(COMMAND), "--autoplay-policy=no-user-gesture-required"]);

describe("talking to a generated app in Chromium", () => {
  it("hears a spoken create with words as they come, writes it on confirm, answers a question aloud, and undoes", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signUp(page, ctx.server.url, { name: "Maya", email: "maya@example.test", password: "cakes-all-day" });
    await page.getByRole("link", { name: "Studio" }).waitFor();
    const api = pageApi(page, ctx.server.url);
    const appId = await builtApp(
      api,
      "A bakery app. Customers with name and phone. Cake orders with customer, flavor (chocolate, vanilla, lemon), price in dollars and paid yes or no.",
    );
    expect((await api(`/apps/${appId}/records/customer`, { name: "Maria Lopez" })).status()).toBe(201);
    const orders = async () => (await answer(await api(`/apps/${appId}/records/cakeOrder`), pageOf(AppRecord))).items;

    await page.goto(`${ctx.server.url}/studio/${appId}`);
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
