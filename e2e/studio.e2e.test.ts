import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";

const ctx = useServerAndBrowser();

describe("the Studio in Chromium", () => {
  it("describes an app, watches the stages, uses it, refines it, reverts, and opens the export from disk", async () => {
    const page = await ctx.browser.newPage();
    await signUp(page, ctx.server.url, { name: "Grace", email: "grace@example.test", password: "compilers-rock" });

    await page.getByRole("link", { name: "Studio" }).click();
    await page
      .getByLabel("Your description")
      .fill("An app to track tasks with a title, a due date and a priority of low, medium or high. Show tasks on a board by priority.");
    await page.getByRole("button", { name: "Build the app" }).click();

    // The stages arrive over server-sent events.
    const progress = page.getByRole("region", { name: "Build progress" });
    for (const stage of ["requirements", "architecture", "verification"])
      await progress.locator(`[data-stage="${stage}"][data-status="succeeded"]`).waitFor();
    await page.getByText("Version 1").waitFor();

    const goals = page.getByRole("region", { name: "Goals" });
    await goals.getByText("Each task has a due date").waitFor();
    expect(await goals.locator('[data-status="unmet"]').count()).toBe(0);

    // The running app: add a record through its form, see it in the table and on the board.
    await page.getByRole("button", { name: "New task" }).click();
    const form = page.getByRole("form", { name: "New Task" });
    await form.getByLabel("Title").fill("Write the report");
    await form.getByLabel("Due date").fill("2026-12-01");
    await form.getByLabel("Priority").selectOption("high");
    await form.getByRole("button", { name: "Add task" }).click();
    await page.getByRole("cell", { name: "Write the report", exact: true }).waitFor();
    await page.getByRole("group", { name: "Views" }).getByRole("button", { name: /board/i }).click();
    await page.getByRole("region", { name: "high" }).getByText("Write the report").waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/studio-v1.png`, fullPage: true });

    // Refine: a new field appears in the app and a new goal in the list.
    await page.getByLabel("Refine the app").fill("Add notes to each task.");
    await page.getByRole("button", { name: "Refine" }).click();
    await page.getByText("Version 2").waitFor();
    await page.getByRole("columnheader", { name: "Notes" }).waitFor();
    await goals.getByText("Each task has notes").waitFor();

    // Revert to v1: the field is gone again, the record stays.
    await page.getByRole("button", { name: "Revert to v1" }).click();
    await page.getByText("Version 3").waitFor();
    await page.getByRole("columnheader", { name: "Notes" }).waitFor({ state: "detached" });
    await page.getByRole("cell", { name: "Write the report", exact: true }).waitFor();
    // The refinement's progress panel was about v2: it is gone.
    expect(await page.getByRole("region", { name: "Build progress" }).count()).toBe(0);

    // Export, then open the file from disk with no server involved.
    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Export HTML" }).click();
    const file = join(mkdtempSync(join(tmpdir(), "vta-export-")), (await download).suggestedFilename());
    await (await download).saveAs(file);
    const offline = await ctx.browser.newPage();
    await offline.goto(pathToFileURL(file).href);
    await offline.getByRole("cell", { name: "Write the report", exact: true }).waitFor();
    expect(await offline.title()).toBe("Task Tracker");
    await offline.screenshot({ path: `${ARTIFACTS}/studio-export.png`, fullPage: true });
  });

  it("builds from rambling speech, asks about a choice it was given no options for, takes the answer, and says when a refinement changes nothing", async () => {
    const page = await ctx.browser.newPage();
    await signUp(page, ctx.server.url, { name: "Ada", email: "ada@example.test", password: "difference-engine" });
    await page.getByRole("link", { name: "Studio" }).click();
    await page
      .getByLabel("Your description")
      .fill(
        "um so basically I walk dogs for people in my neighborhood, and I need to keep track of the dogs, like their name, the breed, the owner's phone number and a stage. Oh and the walks too, which dog, the date and whether they paid.",
      );
    await page.getByRole("button", { name: "Build the app" }).click();
    await page.getByText("Version 1").waitFor();
    const goals = page.getByRole("region", { name: "Goals" });
    await goals.getByText("Each walk is linked to a dog").waitFor();
    await goals.getByText("Each dog has an owner phone").waitFor();
    expect(await goals.locator('[data-status="unmet"]').count()).toBe(0);

    // The question comes first: "stage" sounds like a choice and no options were said.
    const unclear = page.getByRole("region", { name: "Not understood" });
    const question = unclear.getByLabel('Is "stage" a choice? Which options?');
    await question.waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/studio-question.png`, fullPage: true });
    await question.fill("new, regular, vip");
    await question.press("Enter");
    await page.getByText("Version 2").waitFor();
    await goals.getByText('A dog\'s stage can be "vip"').waitFor();
    expect(await goals.locator('[data-status="unmet"]').count()).toBe(0);

    // A refinement that changes nothing makes no version and says so.
    await page.getByLabel("Refine the app").fill("make it look nicer");
    await page.getByRole("button", { name: "Refine" }).click();
    await unclear.getByRole("heading", { name: "Nothing was changed" }).waitFor();
    await unclear.getByText("not how it looks").waitFor();
    await page.getByText("Version 2").waitFor();
    expect(await page.getByText("Version 3").count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/studio-not-understood.png`, fullPage: true });
  });
});
