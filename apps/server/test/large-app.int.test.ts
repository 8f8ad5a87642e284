/**
 * Issue 14: share links and exports of a large app are streamed a page at a time, with a bounded
 * number at once, so parallel anonymous readers cannot exhaust the server's memory.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppDetail, Build, BuildAccepted, SharedApp, ShareLink } from "@vta/contracts";
import { columnRef, tableRef } from "../src/modules/apps/record-columns.repository.js";
import { columnOf } from "../src/modules/apps/record-tables.js";
import { tablesOf } from "../src/modules/apps/record-tables.repository.js";
import { createWorkspace, request, startTestApp, type Actor, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";
import { spawnServer } from "./process.js";

let app: TestApp;
let base: string;
let owner: Actor;
let appId: string;
const RECORDS = 1000;
const BODY = 59_000;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl"), env: { RATE_LIMIT_IP_PER_MINUTE: "0" } });
  base = await app.fastify.listen({ port: 0, host: "127.0.0.1" });
  owner = await createWorkspace(app, "Large");
  const res = parsed(
    await request(app, owner, { method: "POST", url: "/api/v1/apps", payload: { text: "Track notes with a title and a body." } }),
    BuildAccepted,
    202,
  );
  appId = res.appId;
  for (let i = 0; i < 200; i++) {
    const build = parsed(await request(app, owner, { method: "GET", url: `/api/v1/builds/${res.buildId}` }), Build);
    if (build.status === "succeeded") break;
    await new Promise((r) => setTimeout(r, 25));
  }
  // 1000 notes of 59 KB each: a 59 MB app, written directly (the API would take minutes).
  const spec = parsed(await request(app, owner, { method: "GET", url: `/api/v1/apps/${appId}` }), AppDetail).spec!;
  const notes = (await tablesOf(app.database.db, appId)).get("note")!;
  const column = (name: string) =>
    columnRef(
      columnOf(
        notes,
        spec.entities[0]!.fields.find((f) => f.name === name)!,
      )!,
    );
  await app.database.db.execute(sql`
    insert into ${tableRef(notes)} (${column("title")}, ${column("body")}, created_at)
    select 'Note ' || n, repeat(chr(97 + n % 26), ${BODY}), now() - (n || ' seconds')::interval
    from generate_series(1, ${RECORDS}) n`);
}, 60_000);
afterAll(() => app.close());

/** Reads a response to its end, keeping only its length. */
async function drain(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  let bytes = 0;
  const reader = res.body!.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += (chunk.value as Uint8Array).length;
  return { status: res.status, bytes };
}

describe("a 59 MB app", () => {
  it("is shared as JSON that parses, with the newest 500 records oldest first", async () => {
    const { shareToken } = parsed(await request(app, owner, { method: "POST", url: `/api/v1/apps/${appId}/share` }), ShareLink);
    const res = await fetch(`${base}/api/v1/shared/${shareToken}`);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    // Streamed in pieces, never through the route's schema: parsing it here checks the pieces make a SharedApp.
    const body = await parsed(res, SharedApp);
    const notes = body.records.note!;
    expect(notes).toHaveLength(500);
    expect(notes[0]!.data.title).toBe("Note 500");
    expect(notes.at(-1)!.data.title).toBe("Note 1");
  });

  it("20 parallel anonymous share reads and 10 parallel exports stream within bounded memory", async () => {
    const { shareToken } = parsed(await request(app, owner, { method: "POST", url: `/api/v1/apps/${appId}/share` }), ShareLink);
    // The server under load is a process of its own with a 160 MB old space: one that held whole
    // apps (4 at once × 30–59 MB, several copies each) would die; its peak RSS comes from the
    // kernel (VmHWM, reset after start-up), not from sampling this test's own process.
    const server = await spawnServer({ DATABASE_URL: inject("databaseUrl"), RATE_LIMIT_IP_PER_MINUTE: "0", MAIL_URL: "memory" }, [
      "--max-old-space-size=160",
      "--import",
      "tsx",
      "apps/server/src/main.ts",
    ]);
    try {
      const status = () => readFileSync(`/proc/${server.child.pid}/status`, "utf8");
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status())![1]);
      writeFileSync(`/proc/${server.child.pid}/clear_refs`, "5");
      const before = kb("VmRSS");
      const shared = await Promise.all(Array.from({ length: 20 }, () => drain(`${server.url}/api/v1/shared/${shareToken}`)));
      const exported = await Promise.all(
        Array.from({ length: 10 }, () => drain(`${server.url}/api/v1/apps/${appId}/export`, owner.headers)),
      );
      const growthMb = (kb("VmHWM") - before) / 1024;
      console.log(
        `20 share reads (${(shared[0]!.bytes / 1_048_576).toFixed(1)} MB each) and 10 exports (${(exported[0]!.bytes / 1_048_576).toFixed(1)} MB each): server RSS ${(before / 1024).toFixed(0)} MB, +${growthMb.toFixed(0)} MB at peak`,
      );
      // Beyond 4 at once and 16 waiting a reader is told to come back (503); none fails otherwise.
      for (const r of [...shared, ...exported]) expect([200, 503]).toContain(r.status);
      expect(shared.filter((r) => r.status === 200).length).toBeGreaterThan(0);
      expect(shared.find((r) => r.status === 200)!.bytes).toBeGreaterThan(500 * BODY);
      expect(exported.find((r) => r.status === 200)!.bytes).toBeGreaterThan(RECORDS * BODY);
      expect(server.child.exitCode).toBeNull();
      expect(growthMb).toBeLessThan(200);
    } finally {
      await server.stop();
    }
  }, 120_000);
});
