import { randomUUID } from "node:crypto";
import { createServer, Socket as NetSocket, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Agent, AgentAnalytics, AgentDetail, IngestResult, pageOf, PerformanceSnapshot } from "@vta/contracts";
import { Cache } from "../src/platform/cache/cache.js";
import { onStatement } from "../src/platform/db/accounting.js";
import {
  createAgent,
  createApiKeyActor,
  createWorkspace,
  queriesOf,
  request,
  startTestApp,
  type TestApp,
  verifyAddress,
} from "./harness.js";
import { parsed } from "./parsed.js";

const REDIS_PORT = 6379;
const databaseUrl = () => inject("databaseUrl");

/** A TCP proxy in front of Redis that the test can cut and restore, as an outage would. */
async function redisProxy(port = 0) {
  const sockets = new Set<Socket>();
  let server: Server;
  const listen = (p: number) =>
    new Promise<number>((resolve) => {
      server = createServer((client) => {
        const upstream = new NetSocket();
        upstream.connect(REDIS_PORT, "127.0.0.1");
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(p, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
    });
  const actual = await listen(port);
  return {
    port: actual,
    cut: async () => {
      await new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      });
    },
    restore: () => listen(actual),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("two nodes sharing PostgreSQL and Redis", () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // A cluster of their own: nodes other test files start (and kill) on the same database never
    // join the two's live set, so "every invalidation acknowledged" is about A and B alone.
    const cluster = `two-${randomUUID().slice(0, 8)}`;
    a = await startTestApp({
      databaseUrl: databaseUrl(),
      env: { REDIS_URL: "redis://127.0.0.1:6379", NODE_ID: `a-${randomUUID()}`, CACHE_CLUSTER: cluster },
    });
    b = await startTestApp({
      databaseUrl: databaseUrl(),
      env: { REDIS_URL: "redis://127.0.0.1:6379", NODE_ID: `b-${randomUUID()}`, CACHE_CLUSTER: cluster },
    });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("never lets node B return a value that a write on node A replaced", async () => {
    const owner = await createWorkspace(a);
    const key = await createApiKeyActor(a, owner);
    const agent = await createAgent(a, owner, { name: "v0" });
    const readList = async () => parsed(await request(b, key, { method: "GET", url: "/api/v1/agents" }), pageOf(Agent));
    const readDetail = async () => parsed(await request(b, owner, { method: "GET", url: `/api/v1/agents/${agent.id}` }), AgentDetail);
    const readAnalytics = async () =>
      parsed(await request(b, owner, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics` }), AgentAnalytics);
    let interactions = 0;
    for (let i = 1; i <= 8; i++) {
      // Warm B's caches, twice so the second read is a hit.
      await readList();
      await readDetail();
      await readAnalytics();
      // A hit; or, when B's event loop stalled past its beacon (a loaded CI host), B rightly trusted
      // nothing cached and loaded again, and the read after that is the hit.
      // (B is let catch up with its own stream first: on a loaded host its beacon can lag a while.)
      await b.cache.ready(2_000);
      const warm = await request(b, key, { method: "GET", url: "/api/v1/agents" });
      if (queriesOf(warm) !== 0) expect(queriesOf(await request(b, key, { method: "GET", url: "/api/v1/agents" }))).toBe(0);

      await request(a, owner, { method: "PATCH", url: `/api/v1/agents/${agent.id}`, payload: { name: `v${i}` } });
      expect((await readList()).items.find((x) => x.id === agent.id)?.name).toBe(`v${i}`);
      expect((await readDetail()).name).toBe(`v${i}`);

      await request(a, key, { method: "POST", url: `/api/v1/agents/${agent.id}/tasks`, payload: { title: `t${i}` } });
      expect((await readDetail()).taskCounts.pending).toBe(i);

      const ing = await request(a, key, {
        method: "POST",
        url: "/api/v1/interactions",
        payload: { agentId: agent.id, responseTimeMs: 5, userRating: 2 },
      });
      interactions++;
      const id = parsed(ing, IngestResult, 201).ids[0]!;
      expect((await readAnalytics()).totals.totalInteractions).toBe(interactions);
      expect((await readList()).items.find((x) => x.id === agent.id)?.metrics.totalInteractions).toBe(interactions);

      const before = (await readAnalytics()).totals.positiveRatings;
      await request(a, key, { method: "PATCH", url: `/api/v1/interactions/${id}`, payload: { userRating: 5 } });
      expect((await readAnalytics()).totals.positiveRatings).toBe(before + 1);
    }
    // Deleting on A: B stops listing it at once; a revoked key stops working on B at once.
    await request(a, owner, { method: "DELETE", url: `/api/v1/agents/${agent.id}` });
    expect((await readList()).items.map((x) => x.id)).not.toContain(agent.id);
    expect((await request(b, owner, { method: "GET", url: `/api/v1/agents/${agent.id}` })).statusCode).toBe(404);
    await request(a, owner, { method: "DELETE", url: `/api/v1/api-keys/${key.keyId}` });
    expect((await request(b, key, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(401);
    // Logging out on A ends the session on B.
    await request(a, owner, { method: "POST", url: "/api/v1/auth/logout" });
    expect((await request(b, owner, { method: "GET", url: "/api/v1/me" })).statusCode).toBe(401);
    // Every invalidation was acknowledged by the other node, none waited out its timeout.
    expect(a.cache.stats().ackTimeouts).toBe(0);
    expect(b.cache.stats().ackTimeouts).toBe(0);
  });

  it("runs one SQL statement for 50 concurrent misses of one key", async () => {
    const owner = await createWorkspace(b);
    await createAgent(b, owner);
    await request(b, owner, { method: "GET", url: "/api/v1/me" }); // auth warm
    await createAgent(a, owner); // invalidates the list everywhere
    const statements: string[] = [];
    const stop = onStatement((_ms, text) => statements.push(text));
    try {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => request(b, owner, { method: "GET", url: "/api/v1/agents?limit=20" })),
      );
      expect(results.every((r) => r.statusCode === 200)).toBe(true);
      expect(new Set(results.map((r) => r.body)).size).toBe(1);
    } finally {
      stop();
    }
    expect(statements.filter((s) => s.includes("from agents a")).length).toBe(1);
    expect(statements).toHaveLength(1);
  });

  it("answers warm reads with queries=0: auth, list, detail, analytics, summary", async () => {
    const owner = await createWorkspace(a);
    const agent = await createAgent(a, owner);
    for (const url of [
      "/api/v1/agents",
      `/api/v1/agents/${agent.id}`,
      `/api/v1/agents/${agent.id}/analytics`,
      "/api/v1/analytics/summary",
    ]) {
      await request(a, owner, { method: "GET", url });
      const warm = await request(a, owner, { method: "GET", url });
      expect({ url, status: warm.statusCode, queries: queriesOf(warm) }).toEqual({ url, status: 200, queries: 0 });
      expect(warm.headers["cache-control"]).toContain("private");
      const etag = String(warm.headers.etag);
      const revalidated = await request(a, owner, { method: "GET", url, headers: { "if-none-match": etag } });
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.body).toBe("");
    }
  });
});

describe("a node whose own invalidation stream is late or whose breaker opened", () => {
  it("still bumps on a write, so the other nodes stop serving the old value at once", async () => {
    const cluster = `late-${randomUUID().slice(0, 8)}`;
    const base = { redisUrl: "redis://127.0.0.1:6379", l1MaxBytes: 1 << 20, cluster };
    // currentMs 0: A never counts its stream as current, as after a CPU stall longer than a beacon.
    const a = new Cache({ ...base, nodeId: `a-${randomUUID()}`, currentMs: 0 });
    const b = new Cache({ ...base, nodeId: `b-${randomUUID()}` });
    try {
      await b.ready(3_000);
      expect(b.mode).toBe("l1+l2");
      expect(a.mode).toBe("l1-degraded");
      let value = "old";
      await b.getOrLoad("n", "k", async () => value, { ttlMs: 60_000 });
      expect(b.peek("n", "k")?.value).toBe("old");

      value = "new";
      await a.invalidate("n");
      expect(b.peek("n", "k")).toBeUndefined();
      expect((await b.getOrLoad("n", "k", async () => value, { ttlMs: 60_000 })).value).toBe("new");

      // A breaker opened by slow reads guards reads only: the write is still told to B.
      (a as unknown as { link: { breaker: { open(): void } } }).link.breaker.open();
      value = "newer";
      await a.invalidate("n");
      expect(b.peek("n", "k")).toBeUndefined();
      expect((await b.getOrLoad("n", "k", async () => value, { ttlMs: 60_000 })).value).toBe("newer");
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe("performance endpoint", () => {
  it("shows cache stats (per level, hit rate) and pool stats to platform admins only", async () => {
    const adminEmail = `ops-${randomUUID()}@example.test`;
    const app = await startTestApp({ databaseUrl: databaseUrl(), env: { REDIS_URL: "redis://127.0.0.1:6379", ADMIN_EMAILS: adminEmail } });
    try {
      const signup = await request(app, null, {
        method: "POST",
        url: "/api/v1/auth/signup",
        payload: { email: adminEmail, password: "password123", name: "Ops" },
      });
      const admin = {
        headers: { cookie: `vta_session=${signup.cookies.find((c) => c.name === "vta_session")!.value}` },
        userId: "",
        workspaceId: "",
        email: adminEmail,
      };
      await verifyAddress(app, adminEmail);
      for (let i = 0; i < 3; i++) await request(app, admin, { method: "GET", url: "/api/v1/agents" });
      const res = await request(app, admin, { method: "GET", url: "/api/v1/performance" });
      const body = parsed(res, PerformanceSnapshot);
      expect(body.cacheStats.l1.hits).toBeGreaterThan(0);
      expect(body.cacheStats.hitRate).toBeGreaterThan(0);
      expect(body.cacheStats.l1.bytes).toBeGreaterThan(0);
      expect(body.pool.max).toBe(5);
      const member = await createWorkspace(app);
      expect((await request(app, member, { method: "GET", url: "/api/v1/performance" })).statusCode).toBe(403);
      expect((await request(app, null, { method: "GET", url: "/api/v1/performance" })).statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });
});

describe("warm-up", () => {
  it("re-loads the hottest keys on a new node's start, and after an invalidation", async () => {
    const cluster = `warm-${randomUUID().slice(0, 8)}`;
    const first = await startTestApp({
      databaseUrl: databaseUrl(),
      env: { REDIS_URL: "redis://127.0.0.1:6379", NODE_ID: `w1-${randomUUID()}`, CACHE_CLUSTER: cluster },
    });
    const owner = await createWorkspace(first);
    const agent = await createAgent(first, owner);
    for (let i = 0; i < 20; i++) await request(first, owner, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics` });
    await first.close(); // saves the hot-key list

    const next = await startTestApp({
      databaseUrl: databaseUrl(),
      env: { REDIS_URL: "redis://127.0.0.1:6379", NODE_ID: `w2-${randomUUID()}`, CACHE_CLUSTER: cluster },
    });
    try {
      expect(await next.cache.warmFromSaved()).toBeGreaterThan(0);
      await request(next, owner, { method: "GET", url: "/api/v1/me" }); // auth (not part of the warm set)
      const firstRead = await request(next, owner, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics` });
      expect(queriesOf(firstRead)).toBe(0);

      // After an invalidation (an ingest touching the agent), the hot key is loaded again in the background.
      await request(next, owner, { method: "POST", url: "/api/v1/interactions", payload: { agentId: agent.id, responseTimeMs: 3 } });
      await sleep(300);
      const afterWrite = await request(next, owner, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics` });
      expect(parsed(afterWrite, AgentAnalytics).totals.totalInteractions).toBe(1);
      expect(queriesOf(afterWrite)).toBe(0);
    } finally {
      await next.close();
    }
  });
});

describe("Redis outage", () => {
  it("keeps answering 200 from PostgreSQL and L1 while Redis is gone, and the hit rate recovers after", async () => {
    const proxy = await redisProxy();
    const app = await startTestApp({
      databaseUrl: databaseUrl(),
      env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, NODE_ID: `c-${randomUUID()}` },
    });
    try {
      const owner = await createWorkspace(app);
      const agents = await Promise.all(Array.from({ length: 5 }, () => createAgent(app, owner)));
      const burst = async (n: number) => {
        const statuses: number[] = [];
        for (let i = 0; i < n; i++) {
          const res = await request(app, owner, { method: "GET", url: `/api/v1/agents/${agents[i % agents.length]!.id}` });
          statuses.push(res.statusCode);
        }
        return statuses;
      };
      const hitRateOf = async (n: number) => {
        const before = app.cache.stats();
        await burst(n);
        const after = app.cache.stats();
        return (after.l1.hits - before.l1.hits) / (after.requests - before.requests);
      };
      await burst(20);
      expect(await hitRateOf(50)).toBeGreaterThan(0.9);

      await proxy.cut();
      const during = await burst(60);
      expect(during.every((s) => s === 200)).toBe(true);
      // Writes keep working too, and are seen at once on this node.
      const patched = await request(app, owner, {
        method: "PATCH",
        url: `/api/v1/agents/${agents[0]!.id}`,
        payload: { name: "renamed in outage" },
      });
      expect(patched.statusCode).toBe(200);
      const read = parsed(await request(app, owner, { method: "GET", url: `/api/v1/agents/${agents[0]!.id}` }), AgentDetail);
      expect(read.name).toBe("renamed in outage");
      expect(app.cache.mode).toBe("l1-degraded");

      await proxy.restore();
      for (let i = 0; i < 60 && app.cache.mode !== "l1+l2"; i++) {
        await burst(2);
        await sleep(100);
      }
      expect(app.cache.mode).toBe("l1+l2");
      await burst(10);
      expect(await hitRateOf(50)).toBeGreaterThan(0.9);
    } finally {
      await app.close();
      await proxy.cut().catch(() => undefined);
    }
  });
});
