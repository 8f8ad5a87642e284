import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import {
  Agent,
  AgentAnalytics,
  AppRecord,
  AuthResult,
  IngestResult,
  Interaction,
  pageOf,
  Readiness,
  RecordImportResult,
  RecordStats,
} from "@vta/contracts";
import { buildAndWait, createAgent, createTask, createWorkspace, queriesOf, request, startTestApp, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";
import { poisonedNeighbours, refusedRowInSharedFlush, sharedIds } from "./tenant-attacks.js";

const Records = pageOf(AppRecord);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ dataDir: inject("pgliteDir") });
});
afterAll(() => app.close());

describe("embedded mode (PGlite, no database server)", () => {
  it("runs the same migrations and queries: the platform admin is made by the one-time setup token, not by signing up first", async () => {
    expect(app.database.kind).toBe("pglite");
    expect(app.setupToken).toMatch(/^[\w-]{32,}$/);
    const signup = (email: string, setupToken?: string) =>
      app.fastify.inject({
        method: "POST",
        url: "/api/v1/auth/signup",
        payload: { email, password: "password123", name: "N", ...(setupToken ? { setupToken } : {}) },
      });
    const first = await signup("first@example.test");
    expect(parsed(first, AuthResult, 201).user.isPlatformAdmin).toBe(false);
    const wrong = await signup("guess@example.test", "not-the-token-at-all");
    expect(parsed(wrong, AuthResult, 201).user.isPlatformAdmin).toBe(false);
    const operator = await signup("operator@example.test", app.setupToken!);
    expect(parsed(operator, AuthResult, 201).user.isPlatformAdmin).toBe(true);
    const again = await signup("late@example.test", app.setupToken!);
    expect(parsed(again, AuthResult, 201).user.isPlatformAdmin).toBe(false);
  });

  it("lists agents with tasks in one statement, searches with the trigram index, pages by cursor", async () => {
    const owner = await createWorkspace(app);
    const a = await createAgent(app, owner, { name: "Ledger keeper", description: "Books" });
    await createAgent(app, owner, { name: "Other" });
    for (let i = 0; i < 7; i++) await createTask(app, owner, a.id, `t${i}`);
    const res = await request(app, owner, { method: "GET", url: "/api/v1/agents?limit=1" });
    expect(queriesOf(res)).toBeLessThanOrEqual(2);
    const page = parsed(res, pageOf(Agent));
    expect(page.items.map((x) => x.name)).toEqual(["Other"]);
    const next = parsed(
      await request(app, owner, { method: "GET", url: `/api/v1/agents?limit=1&cursor=${page.nextCursor}` }),
      pageOf(Agent),
    );
    expect(next.items[0]).toMatchObject({ name: "Ledger keeper", taskCounts: { pending: 7 } });
    expect(next.items[0]?.recentTasks).toHaveLength(5);
    expect(next.nextCursor).toBeNull();
    const found = parsed(await request(app, owner, { method: "GET", url: "/api/v1/agents?search=LEDGER" }), pageOf(Agent));
    expect(found.items.map((x) => x.name)).toEqual(["Ledger keeper"]);
  });

  it("keeps an app's records in typed tables: sorted by a number with empty values last, searched, totalled, retyped", async () => {
    const owner = await createWorkspace(app);
    const { appId, build } = await buildAndWait(app, owner, "Track parcels with a tracking code and a weight.");
    expect(build.status, build.error ?? "").toBe("succeeded");
    const url = `/api/v1/apps/${appId}/records/parcel`;
    for (const [trackingCode, weight] of [
      ["AB12", 3],
      ["77", null],
      ["CD34", 1.5],
    ] as const) {
      expect((await request(app, owner, { method: "POST", url, payload: { trackingCode, weight } })).statusCode).toBe(201);
    }
    const page = async (query: string) =>
      parsed(await request(app, owner, { method: "GET", url: `${url}?${query}` }), Records).items.map((r) => r.data);
    expect((await page("sort=-weight")).map((d) => d.weight ?? null)).toEqual([3, 1.5, null]);
    expect((await page("search=cd3")).map((d) => d.trackingCode)).toEqual(["CD34"]);
    expect(parsed(await request(app, owner, { method: "GET", url: `${url}/stats` }), RecordStats).fields.weight).toEqual({
      count: 2,
      sum: 4.5,
      avg: 2.25,
      min: 1.5,
      max: 3,
    });
    const imported = await request(app, owner, {
      method: "POST",
      url: `${url}/import`,
      headers: { "content-type": "text/csv" },
      payload: 'Tracking code,Weight\n"EF,56",2\nGH78,\n',
    });
    expect(parsed(imported, RecordImportResult, 201)).toEqual({ imported: 2, errors: [], ignoredColumns: [] });
    expect((await page("sort=createdAt")).slice(-2)).toEqual([{ trackingCode: "EF,56", weight: 2 }, { trackingCode: "GH78" }]);
    await request(app, owner, {
      method: "DELETE",
      url: `${url}/${parsed(await request(app, owner, { method: "GET", url: `${url}?search=EF,5` }), Records).items[0]!.id}`,
    });
    expect((await buildAndWait(app, owner, "Make the tracking code a number.", appId)).build.status).toBe("succeeded");
    expect((await page("sort=trackingCode")).map((d) => d.trackingCode ?? null)).toEqual([77, null, null, null]);
  });

  it("keeps tags as a list, filters by any of them and imports them from a CSV", async () => {
    const owner = await createWorkspace(app);
    const { appId, build } = await buildAndWait(app, owner, "Track support tickets with a subject and tags like urgent, billing or bug.");
    expect(build.status, build.error ?? "").toBe("succeeded");
    const url = `/api/v1/apps/${appId}/records/supportTicket`;
    expect(
      (await request(app, owner, { method: "POST", url, payload: { subject: "Refund", tags: ["billing", "urgent"] } })).statusCode,
    ).toBe(201);
    const imported = await request(app, owner, {
      method: "POST",
      url: `${url}/import`,
      headers: { "content-type": "text/csv" },
      payload: 'Subject,Tags\nCrash,"bug, urgent"\n',
    });
    expect(parsed(imported, RecordImportResult, 201)).toEqual({ imported: 1, errors: [], ignoredColumns: [] });
    const filters = encodeURIComponent(JSON.stringify([{ field: "tags", op: "in", value: ["bug"] }]));
    const found = parsed(await request(app, owner, { method: "GET", url: `${url}?filters=${filters}` }), Records).items;
    expect(found.map((r) => r.data)).toEqual([{ subject: "Crash", tags: ["bug", "urgent"] }]);

    // In the background too: the import's transaction holds PGlite's one connection, and its progress waits, not it.
    const rows = Array.from({ length: 12_000 }, (_, i) => `Ticket ${i},bug`).join("\n");
    const started = await request(app, owner, {
      method: "POST",
      url: `${url}/import`,
      headers: { "content-type": "text/csv", prefer: "respond-async" },
      payload: `Subject,Tags\n${rows}\n`,
    });
    expect(started.statusCode).toBe(202);
    let answer = await request(app, owner, { method: "GET", url: String(started.headers.location) });
    for (let i = 0; answer.statusCode === 202 && i < 300; i++) {
      await new Promise((r) => setTimeout(r, 100));
      answer = await request(app, owner, { method: "GET", url: String(started.headers.location) });
    }
    expect(parsed(answer, RecordImportResult)).toEqual({ imported: 12_000, errors: [], ignoredColumns: [] });
  });

  it("ingests through the group commit and answers analytics from the rollups", async () => {
    const owner = await createWorkspace(app);
    const agent = await createAgent(app, owner);
    const day = new Date().toISOString().slice(0, 10);
    const items = [
      { agentId: agent.id, responseTimeMs: 100, endUserId: "u1", userRating: 5, cost: 0.25, tokensIn: 3, input: 'quote " and, comma' },
      { agentId: agent.id, responseTimeMs: 300, endUserId: "u2", userRating: 2, cost: 0.5, tokensOut: 4, metadata: { k: [1, 2] } },
      { agentId: agent.id, responseTimeMs: 200, endUserId: "u1" },
    ];
    const res = await request(app, owner, { method: "POST", url: "/api/v1/interactions", payload: { items } });
    expect(parsed(res, IngestResult, 201).accepted).toBe(3);
    const analytics = parsed(
      await request(app, owner, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics?from=${day}&to=${day}` }),
      AgentAnalytics,
    );
    expect(analytics.totals).toEqual({
      totalInteractions: 3,
      uniqueUsers: 2,
      avgResponseTime: 200,
      positiveRatings: 1,
      negativeRatings: 1,
      totalTokens: 7,
      totalCost: 0.75,
    });
    const log = parsed(await request(app, owner, { method: "GET", url: "/api/v1/interactions" }), pageOf(Interaction));
    expect(log.items.map((i) => i.input)).toContain('quote " and, comma');
    expect(log.items.map((i) => i.metadata)).toContainEqual({ k: [1, 2] });
  });

  it("answers readiness once migrated", async () => {
    const res = await app.fastify.inject({ method: "GET", url: "/readyz" });
    expect(parsed(res, Readiness)).toEqual({ status: "ready" });
  });
});

describe("embedded mode: no tenant hurts another through the shared batch", () => {
  it("under 4 poisoning clients, a victim's 200 ingests all answer 201 and are all stored", async () => {
    const { victimStatuses, attackerStatuses, stored } = await poisonedNeighbours(app);
    expect(victimStatuses.filter((s) => s !== 201)).toEqual([]);
    expect(stored).toBe(200);
    expect(new Set(attackerStatuses)).toEqual(new Set([400]));
  });

  it("a row PGlite refuses fails only its own request", async () => {
    expect(await refusedRowInSharedFlush(app)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("keeps interaction ids per workspace", async () => {
    const r = await sharedIds(app);
    expect([r.aFirst, r.bProbe, r.aLater].map((x) => x.duplicates)).toEqual([0, 0, 0]);
    expect(r.aRetry.duplicates).toBe(1);
  });
});
