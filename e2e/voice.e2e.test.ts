import { describe, expect, it } from "vitest";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";
import { fakeMicrophone } from "./fake-mic.js";

// Chromium's fake microphone plays this file: a sentence spoken by flite in a room with a steady
// hiss (white noise, its floor about 30 dB under the speech), then the hiss alone.
const SENTENCE = "an app to track my books with a title and an author";
const ctx = useServerAndBrowser(
  {},
  fakeMicrophone(SENTENCE, {
    filterComplex:
      "[0]adelay=300,apad=whole_dur=9[speech];anoisesrc=d=9:c=white:a=0.01:r=16000:seed=7[hiss];[speech][hiss]amix=inputs=2:duration=first:normalize=0",
  }),
);

describe("speaking to the Studio in Chromium", () => {
  it("records from the microphone, plays it back, transcribes it offline, and builds the app from it", async () => {
    const page = await ctx.browser.newPage();
    await signUp(page, ctx.server.url, { name: "Linus", email: "linus@example.test", password: "speak-to-me-please" });
    await page.getByRole("link", { name: "Studio" }).click();

    await page.getByRole("button", { name: /Record/ }).click();
    await page.getByLabel("Recording time").waitFor();
    await page.waitForTimeout(5_000);
    await page.getByRole("button", { name: /Stop/ }).click();
    await page.getByLabel("Your recording").waitFor();
    await page.getByRole("button", { name: "Transcribe" }).click();

    const box = page.getByLabel("Your description");
    await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>("#describe")?.value ?? "").length > 10, undefined, {
      timeout: 30_000,
    });
    const heard = await box.inputValue();
    expect(heard).toMatch(/books/);
    expect(heard).toMatch(/title/);
    await page.screenshot({ path: `${ARTIFACTS}/studio-voice.png`, fullPage: true });

    await page.getByRole("button", { name: "Build the app" }).click();
    await page.getByText("Version 1").waitFor({ timeout: 30_000 });
    await page.getByRole("columnheader", { name: "Title" }).waitFor();
  });
});
