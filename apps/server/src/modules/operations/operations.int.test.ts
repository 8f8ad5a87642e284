/**
 * Operators' views: /metrics accepted by promtool, /health and /readyz following PostgreSQL down and
 * back without a restart (through a TCP relay this test opens and closes), /performance's numbers.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createWorkspace, json, request, startTestApp, type TestApp, verifyAddress } from "../../../test/harness.js";
import { relay } from "../../../test/relay.js";

let app: TestApp;
let pgRelay: Awaited<ReturnType<typeof relay>>;
const adminEmail = `ops-${randomUUID()}@example.test`;

beforeAll(async () => {
  const direct = new URL(inject("databaseUrl"));
  pgRelay = await relay({ host: direct.hostname, port: Number(direct.port || 5432) });
  const viaRelay = new URL(direct);
  viaRelay.port = String(pgRelay.port);
  app = await startTestApp({ databaseUrl: viaRelay.toString(), env: { METRICS_TOKEN: "scrape-me-please", ADMIN_EMAILS: adminEmail } });
});
afterAll(async () => {
  await pgRelay.open();
  await app.close();
  await pgRelay.cut();
});

describe("operations", () => {
  it("serves Prometheus metrics that promtool accepts, behind the metrics token", async () => {
    const admin = await createWorkspace(app, "Ops");
    await request(app, admin, { method: "GET", url: "/api/v1/agents" });
    expect((await request(app, admin, { method: "GET", url: "/api/v1/no-such-thing" })).statusCode).toBe(404);
    expect((await app.fastify.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(401);
    const res = await app.fastify.inject({ method: "GET", url: "/metrics", headers: { authorization: "Bearer scrape-me-please" } });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/text\/plain/);
    for (const name of ["http_request_duration_seconds_bucket", "db_query_duration_seconds_count", "cache_operations_total", "ingest_queue_rows", "jobs", "sse_open_streams", "http_active_connections", "process_resident_memory_bytes", "nodejs_eventloop_lag_seconds"]) {
      expect(res.body, name).toContain(name);
    }
    expect(res.body).toMatch(/http_request_duration_seconds_count\{route="\/api\/v1\/agents",method="GET",status="200"\} [1-9]/);
    expect(res.body, "answers of the not-found handler are counted too").toMatch(/http_request_duration_seconds_count\{route="\(no route\)",method="GET",status="404"\} [1-9]/);
    const check = spawnSync("promtool", ["check", "metrics"], { input: res.body, encoding: "utf8" });
    expect(check.error, "promtool is installed by the test command (Debian package prometheus)").toBeUndefined();
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
  });

  it("reports the live numbers on /performance to platform admins only", async () => {
    const someone = await createWorkspace(app, "Someone");
    expect((await request(app, someone, { method: "GET", url: "/api/v1/performance" })).statusCode).toBe(403);
    const signup = await app.fastify.inject({ method: "POST", url: "/api/v1/auth/signup", payload: { email: adminEmail, password: "operator-password", name: "Op" } });
    const cookie = `vta_session=${signup.cookies.find((c) => c.name === "vta_session")!.value}`;
    await verifyAddress(app, adminEmail);
    for (let i = 0; i < 5; i++) await app.fastify.inject({ method: "GET", url: "/api/v1/agents", headers: { cookie } });
    const perf = json<Record<string, unknown>>(await app.fastify.inject({ method: "GET", url: "/api/v1/performance", headers: { cookie } }));
    expect(perf).toMatchObject({
      totalRequests: expect.any(Number) as unknown,
      avgResponseMs: expect.any(Number) as unknown,
      p50Ms: expect.any(Number) as unknown,
      p95Ms: expect.any(Number) as unknown,
      p99Ms: expect.any(Number) as unknown,
      requestsPerSecond: expect.any(Number) as unknown,
      cpuPercent: expect.any(Number) as unknown,
      sqlPerRequest: expect.any(Number) as unknown,
      activeConnections: expect.any(Number) as unknown,
      activeAgents: expect.any(Number) as unknown,
      uptimeSeconds: expect.any(Number) as unknown,
      nodeId: expect.any(String) as unknown,
      eventLoopLag: { meanMs: expect.any(Number) as unknown, p99Ms: expect.any(Number) as unknown, maxMs: expect.any(Number) as unknown },
      memory: { rss: expect.any(Number) as unknown, heapUsed: expect.any(Number) as unknown, heapTotal: expect.any(Number) as unknown, external: expect.any(Number) as unknown },
      pool: expect.any(Object) as unknown,
      cacheStats: expect.any(Object) as unknown,
    });
    expect(perf.totalRequests as number).toBeGreaterThanOrEqual(8);
  });

  it("goes unhealthy and unready while PostgreSQL is away, and healthy again when it is back, without a restart", async () => {
    const healthy = await app.fastify.inject({ method: "GET", url: "/health" });
    expect(healthy.statusCode).toBe(200);
    expect(json<{ status: string; checks: { database: { status: string } } }>(healthy)).toMatchObject({ status: expect.stringMatching(/healthy|degraded/) as unknown, checks: { database: { status: "up" } } });
    expect(json<{ version: string; response_time_ms: number; timestamp: string }>(healthy)).toMatchObject({ version: expect.any(String) as unknown, response_time_ms: expect.any(Number) as unknown });

    await pgRelay.cut();
    const down = await app.fastify.inject({ method: "GET", url: "/health" });
    expect(down.statusCode).toBe(503);
    expect(json<{ status: string }>(down).status).toBe("unhealthy");
    expect((await app.fastify.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(503);

    await pgRelay.open();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await app.fastify.inject({ method: "GET", url: "/readyz" })).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect((await app.fastify.inject({ method: "GET", url: "/health" })).statusCode).toBe(200);
  });
});
