/**
 * Operators' views: /metrics accepted by promtool, /health and /readyz following PostgreSQL down and
 * back without a restart (through a TCP relay this test opens and closes), /performance's numbers.
 */
import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HealthReport, PerformanceHistory, PerformanceSnapshot, Readiness, SlowQueries } from "@vta/contracts";
import { createWorkspace, request, startTestApp, type TestApp, verifyAddress } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";
import { relay } from "../../../test/relay.js";
import { writeSample } from "./perf-history.repository.js";

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
    for (const name of [
      "http_request_duration_seconds_bucket",
      "db_query_duration_seconds_count",
      "cache_operations_total",
      "ingest_queue_rows",
      "jobs",
      "sse_open_streams",
      "http_active_connections",
      "process_resident_memory_bytes",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(res.body, name).toContain(name);
    }
    expect(res.body).toMatch(/http_request_duration_seconds_count\{route="\/api\/v1\/agents",method="GET",status="200"\} [1-9]/);
    expect(res.body, "answers of the not-found handler are counted too").toMatch(
      /http_request_duration_seconds_count\{route="\(no route\)",method="GET",status="404"\} [1-9]/,
    );
    const check = spawnSync("promtool", ["check", "metrics"], { input: res.body, encoding: "utf8" });
    expect(check.error, "promtool is installed by the test command (Debian package prometheus)").toBeUndefined();
    expect(check.status, `${check.stdout}${check.stderr}`).toBe(0);
  });

  it("reports the live numbers, their history and the slow queries to platform admins only", async () => {
    const someone = await createWorkspace(app, "Someone");
    expect((await request(app, someone, { method: "GET", url: "/api/v1/performance" })).statusCode).toBe(403);
    const signup = await app.fastify.inject({
      method: "POST",
      url: "/api/v1/auth/signup",
      payload: { email: adminEmail, password: "operator-password", name: "Op" },
    });
    const cookie = `vta_session=${signup.cookies.find((c) => c.name === "vta_session")!.value}`;
    await verifyAddress(app, adminEmail);
    for (let i = 0; i < 5; i++) await app.fastify.inject({ method: "GET", url: "/api/v1/agents", headers: { cookie } });
    // The contract's schema checks every number is there (requests, latencies, memory, pool, jobs, cache).
    const perf = parsed(await app.fastify.inject({ method: "GET", url: "/api/v1/performance", headers: { cookie } }), PerformanceSnapshot);
    expect(perf.totalRequests).toBeGreaterThanOrEqual(8);
    expect(perf.memory.rss).toBeGreaterThan(0);

    const node = `ops-${randomUUID()}`;
    const at = new Date(Math.floor(Date.now() / 10_000) * 10_000 - 60_000);
    await writeSample(app.database.db, node, at, { p95Ms: 12.5, requestsPerSecond: 3 });
    const history = parsed(
      await app.fastify.inject({ method: "GET", url: "/api/v1/performance/history?range=1h", headers: { cookie } }),
      PerformanceHistory,
    );
    expect(history).toMatchObject({ range: "1h", resolution: "10s" });
    expect(history.points.find((p) => p.ts === at.toISOString())).toMatchObject({
      requestsPerSecond: expect.any(Number) as unknown,
      p95Ms: expect.any(Number) as unknown,
    });
    expect((await app.fastify.inject({ method: "GET", url: "/api/v1/performance/history?range=1y", headers: { cookie } })).statusCode).toBe(
      400,
    );

    const slow = parsed(
      await app.fastify.inject({ method: "GET", url: "/api/v1/performance/slow-queries", headers: { cookie } }),
      SlowQueries,
    );
    expect(slow.thresholdMs).toBeGreaterThan(0);
  });

  it("goes unhealthy and unready while PostgreSQL is away, and healthy again when it is back, without a restart", async () => {
    const healthy = parsed(await app.fastify.inject({ method: "GET", url: "/health" }), HealthReport);
    expect(healthy).toMatchObject({ status: expect.stringMatching(/healthy|degraded/) as unknown, checks: { database: { status: "up" } } });

    await pgRelay.cut();
    const down = parsed(await app.fastify.inject({ method: "GET", url: "/health" }), HealthReport, 503);
    expect(down).toMatchObject({ status: "unhealthy", checks: { database: { status: "down" } } });
    expect((await app.fastify.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(503);

    await pgRelay.open();
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await app.fastify.inject({ method: "GET", url: "/readyz" })).statusCode;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
    expect(parsed(await app.fastify.inject({ method: "GET", url: "/readyz" }), Readiness)).toEqual({ status: "ready" });
    expect(parsed(await app.fastify.inject({ method: "GET", url: "/health" }), HealthReport).checks.database?.status).toBe("up");
  });
});
