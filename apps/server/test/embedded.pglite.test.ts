import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createAgent, createTask, createWorkspace, json, queriesOf, request, startTestApp, type TestApp } from "./harness.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ dataDir: inject("pgliteDir") });
});
afterAll(() => app.close());

describe("embedded mode (PGlite, no database server)", () => {
  it("runs the same migrations and queries: the first account is the platform admin", async () => {
    expect(app.database.kind).toBe("pglite");
    const first = await createWorkspace(app, "First");
    const me = json<{ user: { isPlatformAdmin: boolean } }>(await request(app, first, { method: "GET", url: "/api/v1/me" }));
    expect(me.user.isPlatformAdmin).toBe(true);
    const second = await createWorkspace(app, "Second");
    const me2 = json<{ user: { isPlatformAdmin: boolean } }>(await request(app, second, { method: "GET", url: "/api/v1/me" }));
    expect(me2.user.isPlatformAdmin).toBe(false);
  });

  it("lists agents with tasks in one statement, searches with the trigram index, pages by cursor", async () => {
    const owner = await createWorkspace(app);
    const a = await createAgent(app, owner, { name: "Ledger keeper", description: "Books" });
    await createAgent(app, owner, { name: "Other" });
    for (let i = 0; i < 7; i++) await createTask(app, owner, a.id, `t${i}`);
    const res = await request(app, owner, { method: "GET", url: "/api/v1/agents?limit=1" });
    expect(res.statusCode).toBe(200);
    expect(queriesOf(res)).toBeLessThanOrEqual(2);
    const page = json<{ items: { name: string }[]; nextCursor: string }>(res);
    expect(page.items.map((x) => x.name)).toEqual(["Other"]);
    const next = json<{ items: { name: string; recentTasks: unknown[]; taskCounts: { pending: number } }[]; nextCursor: null }>(
      await request(app, owner, { method: "GET", url: `/api/v1/agents?limit=1&cursor=${page.nextCursor}` }),
    );
    expect(next.items[0]).toMatchObject({ name: "Ledger keeper", taskCounts: { pending: 7 } });
    expect(next.items[0]?.recentTasks).toHaveLength(5);
    expect(next.nextCursor).toBeNull();
    const found = json<{ items: { name: string }[] }>(await request(app, owner, { method: "GET", url: "/api/v1/agents?search=LEDGER" }));
    expect(found.items.map((x) => x.name)).toEqual(["Ledger keeper"]);
  });

  it("answers readiness once migrated", async () => {
    const res = await app.fastify.inject({ method: "GET", url: "/readyz" });
    expect(res.statusCode).toBe(200);
  });
});
