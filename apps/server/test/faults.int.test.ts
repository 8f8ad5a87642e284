/**
 * Faults under load, through TCP relays the test cuts and restores: Redis gone mid-load → not one
 * failed request; PostgreSQL gone mid-ingest → 503 with Retry-After while it is away, every
 * acknowledged interaction stored exactly once, and ingestion back within 5 s of its return.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { AppSummary, ErrorBody, pageOf } from "@vta/contracts";
import { createAgent, createApiKeyActor, createWorkspace, request, startTestApp, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";
import { relay } from "./relay.js";

const apps: TestApp[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
});

const direct = () => new URL(inject("databaseUrl"));

describe("faults", () => {
  it("POST /apps answers 503 with Retry-After within seconds while the build queue's Redis is unreachable, cut or stalled, and writes nothing", async () => {
    const link = await relay({ host: "127.0.0.1", port: 6379 });
    const app = await startTestApp({
      databaseUrl: inject("databaseUrl"),
      env: {
        REDIS_URL: `redis://127.0.0.1:${link.port}`,
        CACHE_CLUSTER: `queue-${randomUUID().slice(0, 8)}`,
        NODE_ID: `queue-${randomUUID().slice(0, 8)}`,
        RATE_LIMIT_IP_PER_MINUTE: "0",
      },
    });
    apps.push(app);
    await app.cache.ready(3000);
    const owner = await createWorkspace(app);
    const appsOf = async () => parsed(await request(app, owner, { method: "GET", url: "/api/v1/apps" }), pageOf(AppSummary)).items.length;
    for (const fault of ["cut", "stall"] as const) {
      if (fault === "cut") await link.cut();
      else {
        await link.open();
        await new Promise((r) => setTimeout(r, 1500)); // the probe reconnects
        link.stall();
      }
      const started = performance.now();
      const res = await request(app, owner, { method: "POST", url: "/api/v1/apps", payload: { text: "track books with a title" } });
      const ms = performance.now() - started;
      expect(res.statusCode, fault).toBe(503);
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      expect(ErrorBody.parse(res.json()).error.message).toMatch(/queue is unreachable/);
      console.log(`build queue ${fault}: 503 after ${Math.round(ms)} ms`);
    }
    link.resume();
    await link.cut();
    expect(await appsOf()).toBe(0);
  });

  it("a node whose Redis link stalls (no RST) stops serving a revoked key and a logged-out session within a second", async () => {
    const cluster = `stall-${randomUUID().slice(0, 8)}`;
    const env = { CACHE_CLUSTER: cluster, RATE_LIMIT_IP_PER_MINUTE: "0", RATE_LIMIT_KEY_PER_MINUTE: "0" };
    const link = await relay({ host: "127.0.0.1", port: 6379 });
    const writer = await startTestApp({
      databaseUrl: inject("databaseUrl"),
      env: { ...env, REDIS_URL: "redis://127.0.0.1:6379", NODE_ID: `writer-${cluster}` },
    });
    const stalled = await startTestApp({
      databaseUrl: inject("databaseUrl"),
      env: { ...env, REDIS_URL: `redis://127.0.0.1:${link.port}`, NODE_ID: `stalled-${cluster}` },
    });
    apps.push(writer, stalled);
    await Promise.all([writer.cache.ready(3000), stalled.cache.ready(3000)]);
    const owner = await createWorkspace(writer);
    const key = await createApiKeyActor(writer, owner);
    // Both credentials are cached on the node that will stall.
    for (let i = 0; i < 3; i++) {
      expect((await request(stalled, key, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(200);
      expect((await request(stalled, owner, { method: "GET", url: "/api/v1/me" })).statusCode).toBe(200);
    }
    link.stall();
    const revoked = await request(writer, owner, { method: "DELETE", url: `/api/v1/api-keys/${key.keyId}` });
    expect(revoked.statusCode).toBe(204);
    const loggedOut = await request(writer, owner, { method: "POST", url: "/api/v1/auth/logout" });
    expect(loggedOut.statusCode).toBe(204);
    // The writer waited up to a second for the stalled node's acknowledgement; by then that node
    // has not heard its own beacon for a second and trusts nothing it cached.
    expect((await request(stalled, key, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(401);
    expect((await request(stalled, owner, { method: "GET", url: "/api/v1/me" })).statusCode).toBe(401);
    expect(stalled.cache.mode).toBe("l1-degraded");
    link.resume();
    for (let i = 0; i < 50 && stalled.cache.mode !== "l1+l2"; i++) await new Promise((r) => setTimeout(r, 100));
    expect(stalled.cache.mode).toBe("l1+l2");
    expect((await request(stalled, key, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(401);
    await link.cut();
  });

  it("Redis unreachable mid-load: every request still answers 200", async () => {
    const redis = await relay({ host: "127.0.0.1", port: 6379 });
    const app = await startTestApp({
      databaseUrl: inject("databaseUrl"),
      env: {
        REDIS_URL: `redis://127.0.0.1:${redis.port}`,
        CACHE_CLUSTER: `fault-${randomUUID().slice(0, 8)}`,
        RATE_LIMIT_IP_PER_MINUTE: "0",
        RATE_LIMIT_KEY_PER_MINUTE: "0",
      },
    });
    apps.push(app);
    await app.cache.ready(3000);
    const owner = await createWorkspace(app);
    const key = await createApiKeyActor(app, owner);
    const agent = await createAgent(app, owner);
    const statuses = new Map<number, number>();
    let stop = false;
    const client = async (n: number) => {
      for (let i = 0; !stop; i++) {
        const res =
          i % 5 === 0
            ? await request(app, key, { method: "PATCH", url: `/api/v1/agents/${agent.id}`, payload: { description: `c${n}-${i}` } })
            : await request(app, key, { method: "GET", url: i % 2 ? "/api/v1/agents" : `/api/v1/agents/${agent.id}` });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      }
    };
    const load = Promise.all([0, 1, 2, 3].map(client));
    await new Promise((r) => setTimeout(r, 700));
    await redis.cut();
    await new Promise((r) => setTimeout(r, 2500));
    await redis.open();
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await load;
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    console.log(`Redis away 2.5 s under 4 clients: ${total} requests, ${[...statuses].map(([s, n]) => `${s}×${n}`).join(" ")}`);
    expect(total).toBeGreaterThan(100);
    expect([...statuses.keys()]).toEqual([200]);
  });

  it("PostgreSQL gone mid-ingest: 503 with Retry-After meanwhile, nothing acknowledged lost, back within 5 s", async () => {
    const database = await relay({ host: direct().hostname, port: Number(direct().port || 5432) });
    const viaRelay = new URL(direct());
    viaRelay.port = String(database.port);
    const app = await startTestApp({
      databaseUrl: viaRelay.toString(),
      env: { INGEST_FLUSH_MS: "10", RATE_LIMIT_IP_PER_MINUTE: "0", RATE_LIMIT_KEY_PER_MINUTE: "0" },
    });
    apps.push(app);
    const owner = await createWorkspace(app);
    const key = await createApiKeyActor(app, owner);
    const agent = await createAgent(app, owner);

    const acked = new Set<string>();
    const seen = new Map<number, number>();
    let missingRetryAfter = 0;
    let restoredAt = 0;
    let firstAckAfterRestore = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const ids = Array.from({ length: 10 }, () => randomUUID());
        const res = await request(app, key, {
          method: "POST",
          url: "/api/v1/interactions",
          payload: { items: ids.map((id) => ({ id, agentId: agent.id, responseTimeMs: 5, endUserId: "u" })) },
        });
        seen.set(res.statusCode, (seen.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 201) {
          ids.forEach((id) => acked.add(id));
          if (restoredAt && !firstAckAfterRestore) firstAckAfterRestore = Date.now();
        } else {
          if (res.statusCode === 503 && !res.headers["retry-after"]) missingRetryAfter++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const load = Promise.all([client(), client(), client()]);
    await new Promise((r) => setTimeout(r, 800));
    await database.cut();
    await new Promise((r) => setTimeout(r, 2500));
    await database.open();
    restoredAt = Date.now();
    for (let i = 0; i < 100 && !firstAckAfterRestore; i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await load;

    expect([...seen.keys()].sort()).toEqual([201, 503]); // only acknowledgements and "retry shortly"
    expect(missingRetryAfter).toBe(0);
    expect(firstAckAfterRestore - restoredAt).toBeLessThan(5000);
    const check = new pg.Client({ connectionString: inject("databaseUrl") });
    await check.connect();
    try {
      const { rows } = await check.query<{ id: string; n: string }>(
        `select id::text, count(*) as n from interactions where agent_id = $1 group by id`,
        [agent.id],
      );
      const stored = new Map(rows.map((r) => [r.id, Number(r.n)]));
      const lost = [...acked].filter((id) => !stored.has(id));
      console.log(
        `PostgreSQL away 2.5 s under 3 ingest clients: ${[...seen].map(([s, n]) => `${s}×${n}`).join(" ")}; ${acked.size} acknowledged, ${lost.length} lost; ingesting again ${firstAckAfterRestore - restoredAt} ms after its return`,
      );
      expect({ acked: acked.size > 0, lost: lost.length, duplicated: rows.filter((r) => Number(r.n) > 1).length }).toEqual({
        acked: true,
        lost: 0,
        duplicated: 0,
      });
    } finally {
      await check.end();
    }
  });
});
