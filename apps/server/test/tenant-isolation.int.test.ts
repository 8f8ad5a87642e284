/** Issue 14 on PostgreSQL: no tenant can hurt another through the work they share. */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppDetail, AppRecord, Build, BuildAccepted } from "@vta/contracts";
import { createWorkspace, request, startTestApp, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";
import { poisonedNeighbours, refusedRowInSharedFlush, sharedIds } from "./tenant-attacks.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl"), env: { INGEST_FLUSH_MS: "5" } });
});
afterAll(() => app.close());

describe("shared ingestion batches", () => {
  it("under 4 poisoning clients, a victim's 200 ingests all answer 201 and are all stored", async () => {
    const { victimStatuses, attackerStatuses, stored } = await poisonedNeighbours(app);
    expect(victimStatuses).toHaveLength(200);
    expect(victimStatuses.every((s) => s === 201)).toBe(true);
    expect(stored).toBe(200);
    expect(attackerStatuses.length).toBeGreaterThan(0);
    expect(new Set(attackerStatuses)).toEqual(new Set([400]));
  });

  it("a row the database refuses fails only its own request, not the others in the same flush", async () => {
    expect(await refusedRowInSharedFlush(app)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});

describe("interaction ids", () => {
  it("are unique per workspace: another tenant's id neither leaks as a duplicate nor blocks a later event", async () => {
    const r = await sharedIds(app);
    expect(r.aFirst).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(r.bProbe).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(r.bPlant).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(r.aLater).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(r.aRetry).toMatchObject({ accepted: 0, duplicates: 1 });
    // Each tenant rates its own row with that id.
    expect(r.rateByB.previousRating).toBeNull();
    expect(r.rateByA.previousRating).toBeNull();
  });
});

describe("names that are JavaScript's own", () => {
  it("build an app with fields named constructor and toString, and records with them left out or set", async () => {
    const me = await createWorkspace(app);
    const started = parsed(
      await request(app, me, {
        method: "POST",
        url: "/api/v1/apps",
        payload: { text: "Track gadgets with a name, a constructor and a to string." },
      }),
      BuildAccepted,
      202,
    );
    let build: Build | undefined;
    for (let i = 0; i < 200 && !(build?.status === "succeeded" || build?.status === "failed"); i++) {
      await new Promise((r) => setTimeout(r, 25));
      build = parsed(await request(app, me, { method: "GET", url: `/api/v1/builds/${started.buildId}` }), Build);
    }
    expect(build?.status).toBe("succeeded");
    const detail = parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${started.appId}` }), AppDetail);
    expect(detail.spec!.entities[0]!.fields.map((f) => f.name)).toEqual(["name", "constructor", "toString"]);
    const url = `/api/v1/apps/${started.appId}/records/gadget`;
    expect((await request(app, me, { method: "POST", url, payload: { name: "Widget" } })).statusCode).toBe(201);
    const full = await request(app, me, { method: "POST", url, payload: { name: "Gizmo", constructor: "Ada", toString: "round" } });
    expect(parsed(full, AppRecord, 201).data).toEqual({ name: "Gizmo", constructor: "Ada", toString: "round" });
  });
});
