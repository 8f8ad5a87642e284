/** Records in their entity's own table: retyped fields, links that are real, no blank records, and records moved from JSONB. */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AppDetail, AppRecord } from "@vta/contracts";
import { buildAndWait, createWorkspace, json, request, startTestApp, type Actor, type TestApp } from "../../../test/harness.js";
import { adoptJsonbRecords } from "./record-adoption.js";

let app: TestApp;
let me: Actor;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
  me = await createWorkspace(app, "Records");
});
afterAll(() => app.close());

const detail = async (id: string) => json<AppDetail>(await request(app, me, { method: "GET", url: `/api/v1/apps/${id}` }));
const post = (appId: string, entity: string, payload: Record<string, unknown>) => request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/records/${entity}`, payload });
const list = async (appId: string, entity: string) => json<{ items: AppRecord[] }>(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/${entity}?sort=createdAt&limit=100` })).items;

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
    for (const code of ["12", "7.5", "abc", null]) expect((await post(appId, "parcel", { trackingCode: code, weight: 1 })).statusCode).toBe(201);

    await built("Make the tracking code a number.", appId);
    const retyped = await detail(appId);
    expect(retyped.spec!.entities[0]!.fields.find((f) => f.name === "trackingCode")!.type).toBe("number");
    const versions = json<{ items: { version: number; summary: string }[] }>(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/versions` })).items;
    expect(versions.find((v) => v.version === 2)!.summary).toMatch(/kept 1 parcel trackingCode value that did not convert/);
    expect((await list(appId, "parcel")).map((r) => r.data.trackingCode ?? null)).toEqual([12, 7.5, null, null]);
    expect(json<{ items: AppRecord[] }>(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/parcel?sort=-trackingCode` })).items.map((r) => r.data.trackingCode ?? null)).toEqual([12, 7.5, null, null]);

    await built("Make the tracking code a text field.", appId);
    expect((await list(appId, "parcel")).map((r) => r.data.trackingCode ?? null)).toEqual(["12", "7.5", "abc", null]);
  });

  it("links to records that exist, and asks before deleting a record others link to", async () => {
    const appId = await built("Keep customers with a name. Orders have a customer, and an amount in dollars.");
    const order = (await detail(appId)).spec!.entities.find((e) => e.name === "order")!;
    expect(order.fields.find((f) => f.name === "customer")).toMatchObject({ type: "reference", ref: "customer" });
    const jane = json<AppRecord>(await post(appId, "customer", { name: "Jane" }));
    expect((await post(appId, "order", { customer: jane.id, amount: 40 })).statusCode).toBe(201);
    const dangling = await post(appId, "order", { customer: "0190a0a0-0000-7000-8000-000000000000", amount: 5 });
    expect(dangling.statusCode).toBe(400);
    expect(dangling.body).toMatch(/points to no customer/);

    const refused = await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/records/customer/${jane.id}` });
    expect(refused.statusCode).toBe(409);
    const error = json<{ error: { message: string; details: unknown } }>(refused).error;
    expect(error.message).toMatch(/linked from 1 order/);
    expect(error.details).toEqual({ references: [{ entity: "order", field: "customer", count: 1 }] });
    expect((await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/records/customer/${jane.id}?references=everything` })).statusCode).toBe(400);
    expect((await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/records/customer/${jane.id}?references=clear` })).statusCode).toBe(204);
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
