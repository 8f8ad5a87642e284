/** Records in their entity's own table: retyped fields, links that are real, no blank records, and records moved from JSONB. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import {
  AppDetail,
  AppRecord,
  AppVersion,
  ErrorBody,
  type Page,
  pageOf,
  type RecordFilter,
  RecordGroups,
  RecordImportProgress,
  RecordImportResult,
  RecordStats,
} from "@vta/contracts";
import { buildAndWait, createWorkspace, request, rng, startTestApp, type Actor, type TestApp } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";
import { adoptJsonbRecords } from "./record-adoption.repository.js";
import { insertRecords, tablesOf } from "./record-tables.repository.js";

let app: TestApp;
let me: Actor;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
  me = await createWorkspace(app, "Records");
});
afterAll(() => app.close());

const Records = pageOf(AppRecord);
const detail = async (id: string) => parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${id}` }), AppDetail);
const post = (appId: string, entity: string, payload: Record<string, unknown>) =>
  request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/records/${entity}`, payload });
const list = async (appId: string, entity: string) =>
  parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/${entity}?sort=createdAt&limit=100` }), Records).items;

async function built(text: string, appId?: string) {
  const { appId: id, build } = await buildAndWait(app, me, text, appId);
  expect(build.status, build.error ?? "").toBe("succeeded");
  return id;
}

describe("records in typed tables", () => {
  it("converts a retyped field's values, keeps and reports those that do not convert, and shows them again when retyped back", async () => {
    const appId = await built("Track parcels with a tracking code and a weight.");
    const field = (await detail(appId)).spec!.entities[0]!.fields.find((f) => f.name === "trackingCode")!;
    expect(field.type).toBe("text");
    for (const code of ["12", "7.5", "abc", null])
      expect((await post(appId, "parcel", { trackingCode: code, weight: 1 })).statusCode).toBe(201);

    await built("Make the tracking code a number.", appId);
    const retyped = await detail(appId);
    expect(retyped.spec!.entities[0]!.fields.find((f) => f.name === "trackingCode")!.type).toBe("number");
    const versions = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/versions` }),
      z.object({ items: z.array(AppVersion) }),
    ).items;
    expect(versions.find((v) => v.version === 2)!.summary).toMatch(/kept 1 parcel trackingCode value that did not convert/);
    expect((await list(appId, "parcel")).map((r) => r.data.trackingCode ?? null)).toEqual([12, 7.5, null, null]);
    expect(
      parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/parcel?sort=-trackingCode` }), Records).items.map(
        (r) => r.data.trackingCode ?? null,
      ),
    ).toEqual([12, 7.5, null, null]);

    await built("Make the tracking code a text field.", appId);
    expect((await list(appId, "parcel")).map((r) => r.data.trackingCode ?? null)).toEqual(["12", "7.5", "abc", null]);
  });

  it("keeps a renamed field's values under its new name, and finds them again when renamed back", async () => {
    const appId = await built("Track books with a title and an author.");
    expect((await post(appId, "book", { title: "Emma", author: "Jane Austen" })).statusCode).toBe(201);
    await built("Rename author to writer.", appId);
    expect((await detail(appId)).spec!.entities[0]!.fields.map((f) => f.name)).toEqual(["title", "writer"]);
    expect((await list(appId, "book")).map((r) => r.data)).toEqual([{ title: "Emma", writer: "Jane Austen" }]);
    expect((await post(appId, "book", { title: "Dune", writer: "Frank Herbert" })).statusCode).toBe(201);
    await built("Rename writer to author.", appId);
    expect((await list(appId, "book")).map((r) => r.data)).toEqual([
      { title: "Emma", author: "Jane Austen" },
      { title: "Dune", author: "Frank Herbert" },
    ]);
    // A revert across a rename: back to "writer", the values with it.
    const writerVersion = (await detail(appId)).version - 1;
    expect(
      (await request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/revert`, payload: { version: writerVersion } })).statusCode,
    ).toBe(200);
    expect((await list(appId, "book")).map((r) => r.data.writer)).toEqual(["Jane Austen", "Frank Herbert"]);
    // A renamed entity keeps its table.
    await built("Rename book to novel.", appId);
    expect((await detail(appId)).spec!.entities.map((e) => e.name)).toEqual(["novel"]);
    expect((await list(appId, "novel")).map((r) => r.data.title)).toEqual(["Emma", "Dune"]);
  });

  it("links to records that exist, and asks before deleting a record others link to", async () => {
    const appId = await built("Keep customers with a name. Orders have a customer, and an amount in dollars.");
    const order = (await detail(appId)).spec!.entities.find((e) => e.name === "order")!;
    expect(order.fields.find((f) => f.name === "customer")).toMatchObject({ type: "reference", ref: "customer" });
    const jane = parsed(await post(appId, "customer", { name: "Jane" }), AppRecord, 201);
    expect((await post(appId, "order", { customer: jane.id, amount: 40 })).statusCode).toBe(201);
    const dangling = await post(appId, "order", { customer: "0190a0a0-0000-7000-8000-000000000000", amount: 5 });
    expect(dangling.statusCode).toBe(400);
    expect(dangling.body).toMatch(/points to no customer/);

    const refused = await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/records/customer/${jane.id}` });
    const error = parsed(refused, ErrorBody, 409).error;
    expect(error.message).toMatch(/linked from 1 order/);
    expect(error.details).toEqual({ references: [{ entity: "order", field: "customer", count: 1 }] });
    expect(
      (await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/records/customer/${jane.id}?references=everything` }))
        .statusCode,
    ).toBe(400);
    const cleared = await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/records/customer/${jane.id}?references=clear` });
    expect([cleared.statusCode, cleared.body]).toEqual([204, ""]);
    const orders = await list(appId, "order");
    expect(orders).toHaveLength(1);
    expect(orders[0]!.data).toEqual({ amount: 40 });
  });

  it("refuses a record with no values at all", async () => {
    const appId = await built("Track books with a title and an author.");
    const blank = await post(appId, "book", { title: "  ", author: null });
    expect(blank.statusCode).toBe(400);
    expect(blank.body).toMatch(/needs at least one value/);
    expect(await list(appId, "book")).toEqual([]);
  });

  it("moves records an earlier release kept as JSONB into their tables, converting each value to its field's type", async () => {
    const appId = await built("Track plants with a name, a height in cm, a planted date and whether it is watered.");
    const fields = (await detail(appId)).spec!.entities[0]!.fields.map((f) => `${f.name}:${f.type}`);
    expect(fields).toEqual(["name:text", "height:number", "plantedDate:date", "watered:boolean"]);
    // What an earlier release left: records as JSONB, no tables.
    const db = app.database.db;
    await db.execute(sql`delete from app_tables where app_id = ${appId}`);
    await db.execute(sql.raw(`drop schema "ws_${me.workspaceId.replace(/-/g, "")}" cascade`));
    await db.execute(sql`
      insert into app_records (workspace_id, app_id, entity, data, created_at) values
        (${me.workspaceId}, ${appId}, 'plant', '{"name":"Fern","height":30,"plantedDate":"2026-03-01","watered":true}', now() - interval '2 minutes'),
        (${me.workspaceId}, ${appId}, 'plant', '{"name":"Cactus","height":"12.5","watered":"false","gone":"kept in app_records"}', now() - interval '1 minute')`);
    expect(await adoptJsonbRecords(db)).toBeGreaterThanOrEqual(1);
    expect(await adoptJsonbRecords(db)).toBe(0);
    expect((await list(appId, "plant")).map((r) => r.data)).toEqual([
      { name: "Fern", height: 30, plantedDate: "2026-03-01", watered: true },
      { name: "Cactus", height: 12.5, watered: false },
    ]);
    expect((await post(appId, "plant", { name: "Ivy", height: 5 })).statusCode).toBe(201);
  });
});

describe("filters, totals and groups over 10,000 random records", () => {
  it("equal a direct computation, with and without filters", async () => {
    const appId = await built(
      "Track orders with a customer name, a price in dollars, a quantity, an order date and a status. Status can be new, paid or shipped.",
    );
    const order = (await detail(appId)).spec!.entities[0]!;
    expect(order.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "customerName:text",
      "price:currency",
      "quantity:number",
      "orderDate:date",
      "status:enum",
    ]);
    const random = rng(160).next;
    const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
    const records = Array.from({ length: 10_000 }, (_, i) => {
      const data: Record<string, unknown> = {
        customerName: `${random() < 0.1 ? "Jane" : "Sam"} ${i}`,
        status: ["new", "paid", "shipped"][Math.floor(random() * 3)],
      };
      // Some values left empty, some negative, cents on money: what people enter.
      if (random() > 0.15) data.price = Math.round((random() * 2000 - 200) * 100) / 100;
      if (random() > 0.15) data.quantity = Math.floor(random() * 20);
      if (random() > 0.1) data.orderDate = day(Math.floor(random() * 730));
      return data;
    });
    await insertRecords(app.database.db, (await tablesOf(app.database.db, appId)).get("order")!, order, records);
    const get = async <S extends z.ZodType>(path: string, query: Record<string, string>, schema: S) =>
      parsed(
        await request(app, me, {
          method: "GET",
          url: `/api/v1/apps/${appId}/records/order${path}?${new URLSearchParams(query).toString()}`,
        }),
        schema,
      );
    const cases: { filters: RecordFilter[]; search?: string; keep: (r: Record<string, unknown>) => boolean }[] = [
      { filters: [], keep: () => true },
      { filters: [], search: "jane", keep: (r) => String(r.customerName).startsWith("Jane") },
      {
        filters: [
          { field: "status", op: "in", value: ["Paid", "shipped"] },
          { field: "orderDate", op: "between", value: ["2025-03-01", "2025-06-30"] },
        ],
        keep: (r) =>
          (r.status === "paid" || r.status === "shipped") &&
          typeof r.orderDate === "string" &&
          r.orderDate >= "2025-03-01" &&
          r.orderDate <= "2025-06-30",
      },
      {
        filters: [
          { field: "price", op: "between", value: [100, null] },
          { field: "quantity", op: "notEmpty" },
        ],
        keep: (r) => typeof r.price === "number" && r.price >= 100 && r.quantity !== undefined,
      },
      {
        filters: [
          { field: "price", op: "empty" },
          { field: "customerName", op: "contains", value: "AM 1" },
        ],
        keep: (r) => r.price === undefined && String(r.customerName).startsWith("Sam 1"),
      },
    ];
    for (const c of cases) {
      const query = { filters: JSON.stringify(c.filters), ...(c.search ? { search: c.search } : {}) };
      const rows = records.filter(c.keep);
      const numbers = (name: string) => rows.map((r) => r[name]).filter((v): v is number => typeof v === "number");
      const stats = await get("/stats", query, RecordStats);
      expect(stats.count).toBe(rows.length);
      for (const name of ["price", "quantity"]) {
        const values = numbers(name);
        const sum = values.reduce((a, b) => a + b, 0);
        expect(stats.fields[name]!.count).toBe(values.length);
        expect(stats.fields[name]!.sum).toBeCloseTo(sum, 6);
        expect(stats.fields[name]!.min).toBe(values.length ? Math.min(...values) : null);
        expect(stats.fields[name]!.max).toBe(values.length ? Math.max(...values) : null);
      }
      // Board counts: records per status, in the options' order.
      const board = await get("/groups", { ...query, groupBy: "status" }, RecordGroups);
      const byStatus = ["new", "paid", "shipped"]
        .map((s) => ({ value: s, count: rows.filter((r) => r.status === s).length }))
        .filter((g) => g.count > 0);
      expect(board.groups.map(({ value, count }) => ({ value, count }))).toEqual(byStatus);
      // A chart: price summed per month of the order date, months in order, records without a date last.
      const chart = await get("/groups", { ...query, groupBy: "orderDate", measure: "price", period: "month" }, RecordGroups);
      const months = new Map<string | null, { count: number; sum: number }>();
      for (const r of rows) {
        const key = typeof r.orderDate === "string" ? `${r.orderDate.slice(0, 7)}-01` : null;
        const m = months.get(key) ?? { count: 0, sum: 0 };
        months.set(key, { count: m.count + 1, sum: m.sum + (typeof r.price === "number" ? r.price : 0) });
      }
      const want = [...months].sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)));
      expect(chart.groups.map((g) => [g.value, g.count])).toEqual(want.map(([k, m]) => [k, m.count]));
      chart.groups.forEach((g, i) => expect(g.sum!).toBeCloseTo(want[i]![1].sum, 6));
      // The list pages through exactly the same records.
      const page = await get("", { ...query, limit: "100" }, Records);
      expect(page.items.length).toBe(Math.min(100, rows.length));
      for (const item of page.items) expect(c.keep(item.data)).toBe(true);
    }

    // Paging a search through every match, by a field with empty values: the search looks through
    // the next records in order first and asks the trigram index when they hold less than a page.
    const janes = records.filter((r) => String(r.customerName).startsWith("Jane"));
    const walked: AppRecord[] = [];
    for (let cursor: string | null = ""; cursor !== null;) {
      const page: Page<AppRecord> = await get("", { search: "jane", sort: "-price", limit: "100", ...(cursor ? { cursor } : {}) }, Records);
      walked.push(...page.items);
      cursor = page.nextCursor;
    }
    expect(walked.length).toBe(janes.length);
    expect(new Set(walked.map((r) => r.data.customerName)).size).toBe(janes.length);
    const prices = walked.map((r) => (typeof r.data.price === "number" ? r.data.price : null));
    const valued = prices.filter((p): p is number => p !== null);
    expect(prices).toEqual([...valued.sort((a, b) => b - a), ...prices.filter((p) => p === null)]);

    // Totals kept by the triggers through updates and deletes equal a count over every record
    // (a filter that lets every record through makes the server count them).
    const some = (await get("", { limit: "5" }, Records)).items;
    const base = `/api/v1/apps/${appId}/records/order`;
    await request(app, me, {
      method: "PATCH",
      url: `${base}/${some[0]!.id}`,
      payload: { status: "shipped", price: 999.99, orderDate: "2026-12-31" },
    });
    await request(app, me, { method: "PATCH", url: `${base}/${some[1]!.id}`, payload: { price: null, quantity: 3 } });
    await request(app, me, { method: "PATCH", url: `${base}/${some[2]!.id}`, payload: { customerName: "Only a name changed" } });
    for (const r of some.slice(3)) expect((await request(app, me, { method: "DELETE", url: `${base}/${r.id}` })).statusCode).toBe(204);
    const everything = { filters: JSON.stringify([{ field: "createdAt", op: "notEmpty" }]) };
    expect(await get("/stats", {}, RecordStats)).toEqual(await get("/stats", everything, RecordStats));
    for (const query of [
      { groupBy: "status" },
      { groupBy: "orderDate", measure: "price", period: "week" },
      { groupBy: "orderDate", period: "year" },
    ] as Record<string, string>[]) {
      expect(await get("/groups", query, RecordGroups)).toEqual(await get("/groups", { ...query, ...everything }, RecordGroups));
    }
    expect((await get("/stats", {}, RecordStats)).count).toBe(records.length - 2);
  });

  it("answers a filter it cannot apply with a 400 that says what to fix", async () => {
    const appId = await built("Track tasks with a title, a due date and a priority of low, medium or high.");
    const status = async (filters: unknown, extra = "") =>
      await request(app, me, {
        method: "GET",
        url: `/api/v1/apps/${appId}/records/task?filters=${encodeURIComponent(typeof filters === "string" ? filters : JSON.stringify(filters))}${extra}`,
      });
    const cases: [unknown, RegExp][] = [
      ["not json", /filters must be a JSON list/],
      [[{ field: "nope", op: "is", value: 1 }], /cannot filter by "nope"/],
      [[{ field: "priority", op: "between", value: [1, 2] }], /cannot be filtered with "between"/],
      [[{ field: "priority", op: "in", value: ["urgent"] }], /must be one of: Low, Medium, High/i],
      [[{ field: "dueDate", op: "is", value: "2026-02-30" }], /date/],
      [[{ field: "dueDate", op: "within", value: "someday" }], /within needs one of/],
      [[{ field: "dueDate", op: "between", value: [null, null] }], /between needs/],
    ];
    for (const [filters, message] of cases) {
      const res = await status(filters);
      expect(parsed(res, ErrorBody, 400).error.message).toMatch(message);
    }
    const badZone = await status([{ field: "dueDate", op: "within", value: "overdue" }], "&tz=Mars/Olympus");
    expect(badZone.statusCode).toBe(400);
    expect(badZone.body).toMatch(/not a time zone/);
  });
});

describe("CSV import and export", () => {
  const csv = (appId: string, entity: string, body: string, query = "") =>
    request(app, me, {
      method: "POST",
      url: `/api/v1/apps/${appId}/records/${entity}/import${query}`,
      headers: { "content-type": "text/csv" },
      payload: body,
    });

  it("imports good rows, reports each bad one by line and field, rejects all with onError=reject, and round-trips an export", async () => {
    const appId = await built(
      "Keep customers with a name. Orders have a customer, an amount in dollars, a paid checkbox, a due date and notes.",
    );
    const order = (await detail(appId)).spec!.entities.find((e) => e.name === "order")!;
    expect(order.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "customer:reference",
      "amount:currency",
      "paid:boolean",
      "dueDate:date",
      "notes:longText",
    ]);
    const customers = await csv(appId, "customer", "Name\nJane Smith\nBo\nBo\n");
    expect(parsed(customers, RecordImportResult, 201)).toEqual({ imported: 3, errors: [], ignoredColumns: [] });
    const jane = (await list(appId, "customer")).find((c) => c.data.name === "Jane Smith")!;

    const file = [
      "Customer,Amount,Paid,Due date,Notes,Colour",
      `jane smith,"$1,200.50",yes,2026-03-15,"Deposit, then the rest",red`,
      `${jane.id},(12),no,"Mar 20, 2026",=HYPERLINK("http://evil"),blue`,
      ",,,,,",
      "Nobody,5,yes,2026-03-01,,",
      "Bo,5,maybe,3/15/2026,,",
      "Jane Smith,lots,,,,",
    ].join("\r\n");
    const before = (await list(appId, "order")).length;
    const rejected = await csv(appId, "order", file, "?onError=reject");
    expect(rejected.statusCode, rejected.body).toBe(422);
    expect((await list(appId, "order")).length).toBe(before);

    const res = await csv(appId, "order", file);
    const result = parsed(res, RecordImportResult, 201);
    expect(result.imported).toBe(2);
    expect(result.ignoredColumns).toEqual(["Colour"]);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([
      [5, "customer"],
      [6, "customer"],
      [6, "paid"],
      [6, "dueDate"],
      [7, "amount"],
    ]);
    expect(result.errors[0]!.message).toMatch(/no customer is "Nobody"/);
    expect(result.errors[1]!.message).toMatch(/2 customers are called "Bo"/);
    const orders = await list(appId, "order");
    expect(orders.map((o) => o.data)).toEqual([
      { customer: jane.id, amount: 1200.5, paid: true, dueDate: "2026-03-15", notes: "Deposit, then the rest" },
      { customer: jane.id, amount: -12, paid: false, dueDate: "2026-03-20", notes: '=HYPERLINK("http://evil")' },
    ]);

    // The export escapes the formula, keeps the filters, and imports back to the same records.
    const exported = await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/order/export` });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["content-type"]).toMatch(/text\/csv/);
    expect(exported.body.split("\n")[0]).toBe("customer,amount,paid,dueDate,notes");
    expect(exported.body).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const filtered = await request(app, me, {
      method: "GET",
      url: `/api/v1/apps/${appId}/records/order/export?filters=${encodeURIComponent(JSON.stringify([{ field: "paid", op: "is", value: true }]))}`,
    });
    expect(filtered.body.trim().split("\n")).toHaveLength(2);
    const again = await csv(appId, "order", exported.body, "?onError=reject");
    expect(parsed(again, RecordImportResult, 201)).toEqual({ imported: 2, errors: [], ignoredColumns: [] });
    const all = (await list(appId, "order")).map((o) => o.data);
    expect(all.slice(2)).toEqual(all.slice(0, 2));
  });

  it("fills the fields a person matched to the columns, whatever the header says, and names a bad match", async () => {
    const appId = await built("Track books with a title and an author.");
    const file = "Book name,Written by,Shelf\nDune,Frank Herbert,B2\nEmma,Jane Austen,C1\n";
    const res = await csv(appId, "book", file, `?columns=${encodeURIComponent(JSON.stringify(["title", "author", ""]))}`);
    expect(parsed(res, RecordImportResult, 201)).toEqual({ imported: 2, errors: [], ignoredColumns: ["Shelf"] });
    const books = await list(appId, "book");
    expect(books.map((b) => b.data).sort((a, b) => String(a.title).localeCompare(String(b.title)))).toEqual([
      { title: "Dune", author: "Frank Herbert" },
      { title: "Emma", author: "Jane Austen" },
    ]);
    const unknown = await csv(appId, "book", file, `?columns=${encodeURIComponent(JSON.stringify(["title", "writer", ""]))}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toMatch(/Column \\"Written by\\" is to fill \\"writer\\"/);
    const twice = await csv(appId, "book", file, `?columns=${encodeURIComponent(JSON.stringify(["title", "title", ""]))}`);
    expect(twice.statusCode).toBe(400);
    expect((await csv(appId, "book", file, "?columns=title")).statusCode).toBe(400);

    // Records by id: the titles a page of links needs, in one request.
    const dune = books.find((b) => b.data.title === "Dune")!;
    const byId = await request(app, me, {
      method: "GET",
      url: `/api/v1/apps/${appId}/records/book?filters=${encodeURIComponent(JSON.stringify([{ field: "id", op: "in", value: [dune.id] }]))}`,
    });
    expect(parsed(byId, Records).items.map((b) => b.id)).toEqual([dune.id]);
  });

  it("imports a large file after answering 202: its Location says how far it is, then gives the import's answer", async () => {
    const appId = await built("Track books with a title and an author.");
    const lines = ["Title,Author", ...Array.from({ length: 12_000 }, (_, i) => `Book ${i},Author ${i % 100}`)];
    const started = await request(app, me, {
      method: "POST",
      url: `/api/v1/apps/${appId}/records/book/import`,
      headers: { "content-type": "text/csv", prefer: "respond-async" },
      payload: lines.join("\n"),
    });
    expect(parsed(started, RecordImportProgress, 202)).toMatchObject({ status: "running", processed: 0 });
    const location = String(started.headers.location);
    expect(location).toMatch(new RegExp(`^/api/v1/apps/${appId}/records/book/imports/[0-9a-f-]{36}$`));
    let answer = await request(app, me, { method: "GET", url: location });
    const seen: number[] = [];
    for (let i = 0; answer.statusCode === 202 && i < 600; i++) {
      seen.push(parsed(answer, RecordImportProgress, 202).processed);
      await new Promise((r) => setTimeout(r, 50));
      answer = await request(app, me, { method: "GET", url: location });
    }
    expect(parsed(answer, RecordImportResult)).toEqual({ imported: 12_000, errors: [], ignoredColumns: [] });
    expect([...seen].sort((a, b) => a - b)).toEqual(seen); // progress only goes forward
    expect(parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/book/stats` }), RecordStats).count).toBe(
      12_000,
    );

    // All or nothing: a bad row in a background import ends it with the 422 a direct one gives.
    const rejected = await request(app, me, {
      method: "POST",
      url: `/api/v1/apps/${appId}/records/book/import?onError=reject`,
      headers: { "content-type": "text/csv", prefer: "respond-async" },
      payload: 'Title\nOne\n,\n"Two\n',
    });
    let end = await request(app, me, { method: "GET", url: String(rejected.headers.location) });
    for (let i = 0; end.statusCode === 202 && i < 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      end = await request(app, me, { method: "GET", url: String(rejected.headers.location) });
    }
    expect(end.statusCode).toBeGreaterThanOrEqual(400);
    expect(end.statusCode).toBeLessThan(500);
    expect(ErrorBody.parse(end.json()).error.code).toBeTruthy();
    const stranger = await createWorkspace(app, "Not my import");
    expect((await request(app, stranger, { method: "GET", url: location })).statusCode).toBe(404);
  });

  it("answers a file it cannot use with a clear 4xx, and keeps every route to the workspace that owns the app", async () => {
    const appId = await built("Track books with a title and an author.");
    expect((await csv(appId, "book", "")).statusCode).toBe(400);
    expect(parsed(await csv(appId, "book", "Colour,Size\nred,2\n"), ErrorBody, 400).error.message).toMatch(
      /No column of this file is a field of books/,
    );
    expect((await csv(appId, "book", 'Title\n"unclosed\n')).statusCode).toBe(400);
    const json415 = await request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/records/book/import`, payload: { title: "x" } });
    expect(json415.statusCode).toBe(415);
    const stranger = await createWorkspace(app, "Stranger");
    for (const [method, url] of [
      ["POST", "import"],
      ["GET", "export"],
      ["GET", "groups?groupBy=title"],
      ["GET", "stats"],
    ] as const) {
      const res = await request(app, stranger, {
        method,
        url: `/api/v1/apps/${appId}/records/book/${url}`,
        headers: { "content-type": "text/csv" },
        ...(method === "POST" ? { payload: "Title\nMine now\n" } : {}),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(404);
    }
    expect(await list(appId, "book")).toEqual([]);
  });
});

describe("saved views", () => {
  it("keep a view's filters, order and columns as a new version, refuse ones that do not fit, and stay in their workspace", async () => {
    const appId = await built("Track tasks with a title, a due date and a status which can be open or done.");
    const before = await detail(appId);
    const table = before.spec!.views.find((v) => v.type === "table" && v.entity === "task")!;
    const filters: RecordFilter[] = [
      { field: "status", op: "in", value: ["open"] },
      { field: "dueDate", op: "within", value: "thisWeek" },
    ];
    const save = (payload: Record<string, unknown>, actor = me) =>
      request(app, actor, { method: "POST", url: `/api/v1/apps/${appId}/views`, payload });
    const res = await save({ basedOn: table.id, title: "Open this week", filters, sort: "dueDate", columns: ["title", "dueDate"] });
    const after = parsed(res, AppDetail, 201);
    expect(after.version).toBe(before.version + 1);
    const saved = after.spec!.views.find((v) => v.title === "Open this week")!;
    expect(saved).toMatchObject({ type: "table", entity: "task", filters, sort: "dueDate", columns: ["title", "dueDate"] });
    expect(after.goals.filter((g) => g.status === "unmet")).toEqual([]);

    expect((await save({ basedOn: table.id, title: "Bad", filters: [{ field: "colour", op: "is", value: "red" }] })).body).toMatch(
      /unknown field colour/,
    );
    expect((await save({ basedOn: "nothing", title: "Bad" })).statusCode).toBe(404);
    expect((await save({ basedOn: table.id, title: "" })).statusCode).toBe(400);
    const stranger = await createWorkspace(app, "Not theirs");
    expect((await save({ basedOn: table.id, title: "Mine" }, stranger)).statusCode).toBe(404);
    expect((await request(app, stranger, { method: "DELETE", url: `/api/v1/apps/${appId}/views/${saved.id}` })).statusCode).toBe(404);

    const removed = await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/views/${saved.id}` });
    expect(parsed(removed, AppDetail).spec!.views.some((v) => v.id === saved.id)).toBe(false);
    expect((await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/views/${saved.id}` })).statusCode).toBe(404);
  });
});

describe("ratings, percentages and durations", () => {
  it("total, average and import like numbers, read as people write them", async () => {
    const appId = await built("Track movies with a title, a rating out of 10, a discount percentage and the runtime.");
    const movie = (await detail(appId)).spec!.entities[0]!;
    expect(movie.fields.map((f) => f.type)).toEqual(["text", "rating", "percent", "duration"]);
    const file = ["Title,Rating,Discount percentage,Runtime", "Alien,9/10,10%,1h 57m", "Heat,8,25,2:50", "Bad,11,5,90"].join("\n");
    const res = await request(app, me, {
      method: "POST",
      url: `/api/v1/apps/${appId}/records/movie/import`,
      headers: { "content-type": "text/csv" },
      payload: file,
    });
    const result = parsed(res, RecordImportResult, 201);
    expect(result.imported).toBe(2);
    expect(result.errors.map((e) => [e.row, e.field])).toEqual([[4, "rating"]]);
    const stats = parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/movie/stats` }), RecordStats);
    expect(stats.fields).toMatchObject({
      rating: { sum: 17, avg: 8.5 },
      discountPercentage: { sum: 35 },
      runtime: { sum: 287, min: 117, max: 170 },
    });
    const longest = parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/movie?sort=-runtime` }), Records)
      .items[0]!;
    expect(longest.data).toEqual({ title: "Heat", rating: 8, discountPercentage: 25, runtime: 170 });
  });
});

describe("tags", () => {
  it("hold several of their choices, filter by any of them, count once per tag, round-trip as CSV, and come from a choice retyped", async () => {
    const appId = await built("Track support tickets with a subject and tags like urgent, billing or bug.");
    const ticket = (await detail(appId)).spec!.entities[0]!;
    expect(ticket.fields.find((f) => f.name === "tags")).toMatchObject({ type: "tags", options: ["urgent", "billing", "bug"] });
    expect((await post(appId, "supportTicket", { subject: "Refund", tags: ["Billing", "urgent", "billing"] })).statusCode).toBe(201);
    expect((await post(appId, "supportTicket", { subject: "Crash", tags: "bug, urgent" })).statusCode).toBe(201);
    expect((await post(appId, "supportTicket", { subject: "Hello" })).statusCode).toBe(201);
    const wrong = await post(appId, "supportTicket", { subject: "x", tags: ["sales"] });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/can only hold: urgent, billing, bug/);

    const listed = await list(appId, "supportTicket");
    expect(listed.map((r) => r.data.tags ?? null)).toEqual([["billing", "urgent"], ["bug", "urgent"], null]);
    const filtered = (value: unknown) =>
      request(app, me, {
        method: "GET",
        url: `/api/v1/apps/${appId}/records/supportTicket?filters=${encodeURIComponent(JSON.stringify([{ field: "tags", op: "in", value }]))}`,
      });
    expect(parsed(await filtered(["billing", "bug"]), Records).items).toHaveLength(2);
    expect(parsed(await filtered(["bug"]), Records).items.map((r) => r.data.subject)).toEqual(["Crash"]);
    expect((await filtered(["sales"])).statusCode).toBe(400);

    const groups = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/supportTicket/groups?groupBy=tags` }),
      RecordGroups,
    );
    expect(groups.groups.map((g) => [g.value, g.count])).toEqual([
      ["urgent", 2],
      ["billing", 1],
      ["bug", 1],
      [null, 1],
    ]);

    const exported = await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/supportTicket/export` });
    expect(exported.body).toContain('Refund,"billing, urgent"');
    const again = await request(app, me, {
      method: "POST",
      url: `/api/v1/apps/${appId}/records/supportTicket/import?onError=reject`,
      headers: { "content-type": "text/csv" },
      payload: exported.body,
    });
    expect(parsed(again, RecordImportResult, 201)).toEqual({ imported: 3, errors: [], ignoredColumns: [] });

    const notes = await built("Track notes with a title and a category of work, home or ideas.");
    expect((await post(notes, "note", { title: "Plan", category: "work" })).statusCode).toBe(201);
    await built("Change category to tags.", notes);
    const [note] = await list(notes, "note");
    expect((await detail(notes)).spec!.entities[0]!.fields.find((f) => f.name === "category")?.type).toBe("tags");
    expect(note!.data.category).toEqual(["work"]);
  });
});

describe("what the app fills in itself", () => {
  it("numbers records in the order they came (those already there too), keeps their times, and refuses a value for them", async () => {
    const appId = await built("Track invoices with a client and an amount.");
    for (const client of ["Ada", "Bo"]) expect((await post(appId, "invoice", { client, amount: 10 })).statusCode).toBe(201);
    await built("Add an auto number, the date created and the last updated time to invoices.", appId);
    const fields = (await detail(appId)).spec!.entities[0]!.fields.map((f) => `${f.name}:${f.type}`);
    expect(fields).toEqual([
      "client:text",
      "amount:currency",
      "autoNumber:autoNumber",
      "dateCreated:createdTime",
      "lastUpdatedTime:updatedTime",
    ]);
    expect((await post(appId, "invoice", { client: "Cy" })).statusCode).toBe(201);
    const all = await list(appId, "invoice");
    expect(all.map((r) => [r.data.client, r.data.autoNumber])).toEqual([
      ["Ada", 1],
      ["Bo", 2],
      ["Cy", 3],
    ]);
    expect(all.map((r) => r.data.dateCreated)).toEqual(all.map((r) => r.createdAt));

    const refused = await post(appId, "invoice", { client: "Di", autoNumber: 99 });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(/Auto number is filled in by the app/);
    const newest = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/invoice?sort=-autoNumber&limit=1` }),
      Records,
    ).items[0]!;
    expect(newest.data.client).toBe("Cy");
    const filters = encodeURIComponent(JSON.stringify([{ field: "dateCreated", op: "within", value: "last30Days" }]));
    expect(
      parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/invoice/stats?filters=${filters}` }), RecordStats)
        .count,
    ).toBe(3);

    // An exported file imports back: the columns the app fills in are left out and filled again.
    const exported = await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/invoice/export` });
    const again = parsed(
      await request(app, me, {
        method: "POST",
        url: `/api/v1/apps/${appId}/records/invoice/import?onError=reject`,
        headers: { "content-type": "text/csv" },
        payload: exported.body,
      }),
      RecordImportResult,
      201,
    );
    expect(again).toMatchObject({ imported: 3, ignoredColumns: ["autoNumber", "dateCreated", "lastUpdatedTime"] });
    expect((await list(appId, "invoice")).map((r) => r.data.autoNumber)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("cached totals", () => {
  it("are answered again from the cache (304 with the same ETag) until a record is written or the app changes", async () => {
    const appId = await built("Track expenses with a title and an amount.");
    const stats = (headers: Record<string, string> = {}) =>
      request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/expense/stats`, headers });
    expect((await post(appId, "expense", { title: "Tea", amount: 4 })).statusCode).toBe(201);
    const first = await stats();
    expect(parsed(first, RecordStats).fields.amount!.sum).toBe(4);
    const etag = String(first.headers.etag);
    expect((await stats({ "if-none-match": etag })).statusCode).toBe(304);

    expect((await post(appId, "expense", { title: "Cake", amount: 6 })).statusCode).toBe(201);
    const after = await stats({ "if-none-match": etag });
    expect(parsed(after, RecordStats).fields.amount!.sum).toBe(10);
    const groups = () => request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/expense/groups?groupBy=title` });
    expect(parsed(await groups(), RecordGroups).groups).toHaveLength(2);
    await built("Add a category to expenses.", appId);
    expect(parsed(await stats(), RecordStats).count).toBe(2);
    const [tea] = (await list(appId, "expense")).filter((r) => r.data.title === "Tea");
    expect((await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/records/expense/${tea!.id}` })).statusCode).toBe(204);
    expect(parsed(await groups(), RecordGroups).groups.map((g) => g.value)).toEqual(["Cake"]);
  });
});

describe("an app from a spreadsheet", () => {
  it("is made with its fields typed by the cells, its goals met, its rows imported, in its own workspace", async () => {
    const file = [
      "Client,Email,Amount,Due date,Status",
      "Jane,jane@example.test,$120.50,2026-03-01,open",
      "Omar,omar@example.test,$80,2026-03-04,paid",
      "Li,li@example.test,$15,2026-03-09,open",
      "Ann,ann@example.test,$99,,paid",
      "Bad,not-an-email,$1,2026-03-01,open",
    ].join("\n");
    const res = await request(app, me, {
      method: "POST",
      url: "/api/v1/apps/from-csv?name=Invoices.csv",
      headers: { "content-type": "text/csv" },
      payload: file,
    });
    const made = parsed(res, z.object({ app: AppDetail, import: RecordImportResult }), 201);
    const invoice = made.app.spec!.entities[0]!;
    expect(invoice.name).toBe("invoice");
    expect(invoice.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
      "client:text",
      "email:text",
      "amount:currency",
      "dueDate:date",
      "status:enum",
    ]);
    expect(made.app.goals.length).toBeGreaterThan(5);
    expect(made.app.goals.filter((g) => g.status !== "met")).toEqual([]);
    expect(made.import).toMatchObject({ imported: 5, errors: [] });
    expect(
      parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${made.app.id}/records/invoice/stats` }), RecordStats).fields
        .amount!.sum,
    ).toBe(315.5);

    const stranger = await createWorkspace(app, "Someone else");
    expect((await request(app, stranger, { method: "GET", url: `/api/v1/apps/${made.app.id}` })).statusCode).toBe(404);
    expect(
      (await request(app, me, { method: "POST", url: "/api/v1/apps/from-csv", headers: { "content-type": "text/csv" }, payload: "\n\n" }))
        .statusCode,
    ).toBe(400);
    expect((await request(app, me, { method: "POST", url: "/api/v1/apps/from-csv", payload: { a: 1 } })).statusCode).toBe(415);
  });
});
