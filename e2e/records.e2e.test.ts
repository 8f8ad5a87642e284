import { describe, expect, it } from "vitest";
import { seriousViolations } from "./axe.js";
import { ARTIFACTS, signUp, useServerAndBrowser } from "./browser.js";
import { AppDetail, AppRecord, pageOf } from "@vta/contracts";
import { answer } from "./answers.js";
import { builtApp, pageApi } from "./built-app.js";

const ctx = useServerAndBrowser();
const ORDERS = [
  "Item,Amount,Status,Customer",
  "Tea,4.50,open,Jane",
  "Cake,10,paid,Jane",
  "Teapot,30,shipped,Omar",
  "Mystery,lots,open,Jane",
  "Ghost,5,open,Nobody",
].join("\n");

describe("a generated app in Chromium", () => {
  it("imports a spreadsheet, filters and saves the filter as a view, drags a card, edits a cell, undoes a delete and follows a link, at 1440 and 390 px", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on("dialog", (d) => void d.accept());
    await signUp(page, ctx.server.url, { name: "Rosa", email: "rosa@example.test", password: "tea-and-cake" });
    await page.getByRole("link", { name: "Studio" }).waitFor();
    const api = pageApi(page, ctx.server.url);
    const appId = await builtApp(
      api,
      "An app to track customers and orders. Each customer has a name and an email. Each order has an item, an amount, a customer and a status which can be open, paid or shipped. Show orders on a board by status.",
    );
    for (const name of ["Jane", "Omar"])
      expect((await api(`/apps/${appId}/records/customer`, { name, email: `${name.toLowerCase()}@example.test` })).status()).toBe(201);

    await page.goto(`${ctx.server.url}/studio/${appId}`);
    await page.getByRole("tab", { name: "Orders" }).click();

    // Import: columns matched by their header, the bad rows named, the good ones in.
    await page.getByRole("button", { name: "Import CSV" }).click();
    const dialog = page.getByRole("dialog", { name: "Import orders" });
    await dialog.getByLabel("CSV file").setInputFiles({ name: "orders.csv", mimeType: "text/csv", buffer: Buffer.from(ORDERS) });
    expect(await dialog.getByLabel("Field for column Amount").inputValue()).toBe("amount");
    await dialog.getByRole("button", { name: "Import" }).click();
    const report = dialog.getByRole("status");
    await report.getByText("3 orders imported; 2 rows had problems and were left out.").waitFor();
    await report.getByText(/^Row 5: Amount/).waitFor();
    await report.getByText(/^Row 6: Customer: no customer is "Nobody"/).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/records-import.png` });
    await dialog.getByRole("button", { name: "Done" }).click();
    await page.getByText("3 orders", { exact: true }).waitFor();

    // A filter: only the paid order, and the count says so.
    await page.getByRole("button", { name: "+ Filter" }).click();
    const newFilter = page.getByRole("form", { name: "New filter" });
    await newFilter.getByLabel("Field").selectOption({ label: "Status" });
    await newFilter.getByLabel("paid").check();
    await newFilter.getByRole("button", { name: "Add filter" }).click();
    await page.getByText("1 order", { exact: true }).waitFor();
    await page.getByRole("cell", { name: "Cake", exact: true }).waitFor();
    expect(await page.getByRole("cell", { name: "Tea", exact: true }).count()).toBe(0);
    // Saved as a view: a new version of the app, and the view opens with its filter.
    await page.getByRole("button", { name: "Save as a view" }).click();
    await page.getByLabel("Name of the view").fill("Paid orders");
    await page.getByRole("button", { name: "Save view" }).click();
    await page.getByRole("button", { name: "Paid orders", pressed: true }).waitFor();
    await page.getByText("This view shows orders where Status is paid.").waitFor();
    await page.getByText("1 order", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Orders", exact: true }).click();
    await page.getByText("3 orders", { exact: true }).waitFor();

    // A cell edited in place: double-click, type, Enter.
    await page.getByRole("cell", { name: "Tea", exact: true }).dblclick();
    await page.getByRole("textbox", { name: "Item", exact: true }).fill("Green tea");
    await page.keyboard.press("Enter");
    await page.getByRole("cell", { name: "Green tea", exact: true }).waitFor();

    // The board: drag the card from "open" to "paid"; the columns' counts follow.
    const { spec } = await answer(await api(`/apps/${appId}`), AppDetail);
    await page.getByRole("button", { name: spec!.views.find((v) => v.type === "board")!.title }).click();
    const open = page.getByRole("region", { name: "open" });
    const paid = page.getByRole("region", { name: "paid" });
    await open.getByText("Green tea").waitFor();
    const handle = page.getByRole("button", { name: "Move Green tea" });
    const from = (await handle.boundingBox())!;
    const to = (await paid.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(from.x + 30, from.y + 10, { steps: 5 });
    await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
    await page.mouse.up();
    await paid.getByText("Green tea").waitFor();
    await paid.getByRole("heading", { name: "paid 2" }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/records-board-1440.png` });

    // Delete, then undo: the row comes back and the server never lost it.
    await page.getByRole("button", { name: "Orders", exact: true }).click();
    await page.getByRole("button", { name: "Delete Cake" }).click();
    await page.getByRole("cell", { name: "Cake", exact: true }).waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Undo" }).click();
    await page.getByRole("cell", { name: "Cake", exact: true }).waitFor();
    await page.waitForTimeout(6500);
    const items = (await answer(await api(`/apps/${appId}/records/order?limit=50`), pageOf(AppRecord))).items.map((r) => r.data.item);
    expect(items.sort()).toEqual(["Cake", "Green tea", "Teapot"]);

    // Follow a link: an order's customer, and from her page her orders with their total.
    await page.getByRole("button", { name: "Open Green tea" }).click();
    const panel = page.getByRole("dialog", { name: "Green tea" });
    await panel.getByRole("button", { name: "Jane" }).click();
    const jane = page.getByRole("dialog", { name: "Jane" });
    const orders = jane.getByRole("region", { name: "Orders" });
    await orders.getByText("2 orders", { exact: true }).waitFor();
    await orders.getByText("Total amount: 14.50").waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/records-relation-1440.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await orders.getByRole("button", { name: "Cake" }).click();
    await page.getByRole("dialog", { name: "Cake" }).waitFor();
    await page.keyboard.press("Escape");
    expect(await seriousViolations(page)).toEqual([]);

    // Link a new order to a customer found by typing part of her name (the combobox, by keyboard).
    await page.getByRole("button", { name: "New order" }).click();
    const form = page.getByRole("form", { name: "New Order" });
    await form.getByLabel("Item").fill("Scone");
    const customer = form.getByRole("combobox", { name: "Customer" });
    await customer.fill("om");
    await form.getByRole("option", { name: "Omar" }).waitFor();
    await customer.press("ArrowDown");
    await customer.press("Enter");
    await expect.poll(() => customer.inputValue()).toBe("Omar");
    await form.getByRole("button", { name: "Add order" }).click();
    await page.getByRole("button", { name: "Open Scone" }).click();
    await page.getByRole("dialog", { name: "Scone" }).getByRole("button", { name: "Omar" }).waitFor();
    await page.keyboard.press("Escape");

    // On a phone: the app is at the top, nothing runs off the side, the board scrolls within itself.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    const tabs = page.getByRole("tablist", { name: "Lists" });
    await tabs.waitFor();
    expect((await tabs.boundingBox())!.y).toBeLessThan(300);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByRole("tab", { name: "Orders" }).click();
    await page.getByRole("cell", { name: "Teapot", exact: true }).waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/records-table-390.png`, fullPage: true });
    // The nav folds behind a menu button on a phone.
    expect(await page.getByRole("link", { name: "Members" }).isVisible()).toBe(false);
    await page.getByRole("button", { name: "Menu" }).click();
    await page.getByRole("link", { name: "Members" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("makes an app from a spreadsheet: its columns typed, its rows in, a board by its choice", async () => {
    const page = await ctx.browser.newPage({ viewport: { width: 1440, height: 900 } });
    await signUp(page, ctx.server.url, { name: "Sam", email: "sam@example.test", password: "spreadsheets-forever" });
    await page.getByRole("link", { name: "Studio" }).waitFor();
    // An address that leads nowhere says so and offers the way back.
    await page.goto(`${ctx.server.url}/nowhere`);
    await page.getByRole("heading", { name: "Nothing is at this address" }).waitFor();
    await page.getByRole("link", { name: "Go to the Studio" }).click();
    const file = [
      "Plant,Watered on,Stage",
      "Basil,2026-05-01,seedling",
      "Mint,2026-05-03,grown",
      "Sage,2026-05-03,seedling",
      "Thyme,2026-05-04,grown",
    ].join("\n");
    await page.getByLabel("Choose a CSV file").setInputFiles({ name: "Plants.csv", mimeType: "text/csv", buffer: Buffer.from(file) });
    await page.getByRole("heading", { name: "Plants" }).waitFor();
    await page.getByRole("cell", { name: "Thyme", exact: true }).waitFor();
    await page.getByText("4 plants", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Plants by stage" }).click();
    await page.getByRole("region", { name: "seedling" }).getByText("Basil").waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/records-from-csv.png` });
  });
});
