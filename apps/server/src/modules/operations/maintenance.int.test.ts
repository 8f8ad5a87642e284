/**
 * Maintenance: a manual run (optimize) finds drift injected into a rollup and repairs it; runs that
 * meet are skipped, not failed; history downsampling averages known samples exactly; the monthly
 * run writes a downloadable report.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { AuthResult, MaintenanceRun, MaintenanceStarted, PerformanceReport } from "@vta/contracts";
import { queryRows } from "../../platform/db/rows.js";
import { createAgent, startTestApp, type Actor, type TestApp, verifyAddress } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";
import { downsample, history } from "./perf-history.repository.js";

let app: TestApp;
let admin: Actor;
const adminEmail = `maint-${randomUUID()}@example.test`;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl"), env: { ADMIN_EMAILS: adminEmail, INGEST_FLUSH_MS: "5" } });
  const signup = await app.fastify.inject({
    method: "POST",
    url: "/api/v1/auth/signup",
    payload: { email: adminEmail, password: "maintenance-pw", name: "Admin" },
  });
  const body = parsed(signup, AuthResult, 201);
  admin = {
    headers: { cookie: `vta_session=${signup.cookies.find((c) => c.name === "vta_session")!.value}` },
    userId: body.user.id,
    workspaceId: body.workspace.id,
    email: adminEmail,
  };
  await verifyAddress(app, adminEmail);
});
afterAll(() => app.close());

const Runs = z.object({ items: z.array(MaintenanceRun) });

async function follow(id: string): Promise<MaintenanceRun> {
  for (let i = 0; i < 300; i++) {
    const run = parsed(
      await app.fastify.inject({ method: "GET", url: `/api/v1/maintenance/runs/${id}`, headers: admin.headers }),
      MaintenanceRun,
    );
    if (["succeeded", "failed", "skipped"].includes(run.status)) return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("maintenance run did not finish in 15 s");
}

describe("maintenance", () => {
  it("optimize reports and repairs drift injected into a rollup, one run at a time, with its impact", async () => {
    const agent = await createAgent(app, admin);
    const ingest = await app.fastify.inject({
      method: "POST",
      url: "/api/v1/interactions",
      headers: admin.headers,
      payload: { items: [1, 2, 3].map((n) => ({ agentId: agent.id, responseTimeMs: n * 100, endUserId: `u${n}`, userRating: n + 2 })) },
    });
    expect(ingest.statusCode, ingest.body).toBe(201);
    const stats = () =>
      queryRows<{ interactions: number; response_time_sum: number; positive_ratings: number }>(
        app.database.db,
        sql`
      select interactions, response_time_sum::int, positive_ratings from agent_daily_stats where agent_id = ${agent.id}`,
      );
    expect(await stats()).toEqual([{ interactions: 3, response_time_sum: 600, positive_ratings: 2 }]);
    await app.database.db.execute(
      sql`update agent_daily_stats set interactions = interactions + 5, positive_ratings = 0 where agent_id = ${agent.id}`,
    );

    expect((await app.fastify.inject({ method: "POST", url: "/api/v1/optimize" })).statusCode).toBe(401);
    const accepted = parsed(
      await app.fastify.inject({ method: "POST", url: "/api/v1/optimize", headers: admin.headers }),
      MaintenanceStarted,
      202,
    );
    expect(Date.parse(accepted.estimatedCompletion)).toBeGreaterThan(Date.parse(accepted.timestamp));
    expect((await app.fastify.inject({ method: "POST", url: "/api/v1/optimize", headers: admin.headers })).statusCode).toBe(409);

    const run = await follow(accepted.runId);
    expect(run.status, JSON.stringify(run.steps)).toBe("succeeded");
    expect(run.steps.map((s) => s.name)).toEqual([
      "vacuum",
      "rollups",
      "partitions",
      "sessions",
      "performance-history",
      "temp-files",
      "cache",
    ]);
    const rollups = run.steps.find((s) => s.name === "rollups")!.findings as {
      drifted: number;
      repaired: number;
      examples: { agentId: string; was: { interactions: number }; now: { interactions: number } }[];
    };
    expect(rollups.drifted).toBeGreaterThanOrEqual(1);
    expect(rollups.examples).toContainEqual(
      expect.objectContaining({
        agentId: agent.id,
        was: expect.objectContaining({ interactions: 8 }) as unknown,
        now: expect.objectContaining({ interactions: 3 }) as unknown,
      }),
    );
    expect(await stats()).toEqual([{ interactions: 3, response_time_sum: 600, positive_ratings: 2 }]);
    expect(run.impact?.before.rssBytes).toBeGreaterThan(0);
    expect(run.impact?.after.cacheEntries).toBeGreaterThanOrEqual(0);

    const list = parsed(await app.fastify.inject({ method: "GET", url: "/api/v1/maintenance/runs", headers: admin.headers }), Runs);
    expect(list.items[0]!.id).toBe(accepted.runId);
  });

  it("skips a scheduled run that meets another one (the daily and weekly schedules meet now and then), never fails it", async () => {
    const started = new Date();
    await Promise.all([app.maintenance.run({ trigger: "weekly" }), app.maintenance.run({ trigger: "daily" })]);
    const rows = await queryRows<{ trigger: string; status: string; error: string | null }>(
      app.database.db,
      sql`select trigger, status, error from maintenance_runs where created_at >= ${started.toISOString()}::timestamptz and trigger in ('daily', 'weekly') order by trigger`,
    );
    expect(rows.map((r) => r.status).sort()).toEqual(["skipped", "succeeded"]);
    expect(rows.find((r) => r.status === "skipped")?.error).toMatch(/another maintenance run was in progress/);
  });

  it("downsamples known 10 s samples into exact per-minute and per-hour averages", async () => {
    const node = `test-${randomUUID()}`;
    const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000); // a complete minute, 30 min ago
    const values = [1, 2, 3, 4, 5, 9];
    for (const [i, v] of values.entries()) {
      await app.database.db.execute(
        sql`insert into perf_samples (node_id, resolution, ts, data) values (${node}, '10s', ${new Date(minute.getTime() + i * 10_000).toISOString()}, ${JSON.stringify({ p95Ms: v, cpuPercent: v * 10 })}::jsonb)`,
      );
    }
    await downsample(app.database.db, "10s", "1m");
    const [m] = await queryRows<{ data: { p95Ms: number; cpuPercent: number } }>(
      app.database.db,
      sql`
      select data from perf_samples where node_id = ${node} and resolution = '1m' and ts = ${minute.toISOString()}`,
    );
    expect(m!.data).toEqual({ p95Ms: 4, cpuPercent: 40 });
    // Downsampling again writes the same numbers (idempotent).
    await downsample(app.database.db, "10s", "1m");
    const again = await queryRows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from perf_samples where node_id = ${node} and resolution = '1m'`,
    );
    expect(again[0]!.n).toBe(1);
    const h = await history(app.database.db, "24h");
    expect(h.resolution).toBe("1m");
    expect(h.points.some((p) => p.ts === minute.toISOString())).toBe(true);
  });

  it("the monthly run writes a performance report, downloadable as Markdown", async () => {
    await app.maintenance.run({ trigger: "monthly" });
    const runs = parsed(await app.fastify.inject({ method: "GET", url: "/api/v1/maintenance/runs", headers: admin.headers }), Runs);
    const monthly = runs.items.find((r) => r.trigger === "monthly")!;
    expect(monthly.status).toBe("succeeded");
    // The report in the run's findings is the contract's.
    expect(PerformanceReport.parse(monthly.findings.report).slowestRoutes.length).toBeGreaterThan(0);
    const report = await app.fastify.inject({
      method: "GET",
      url: `/api/v1/maintenance/runs/${monthly.id}/report`,
      headers: admin.headers,
    });
    expect(report.statusCode).toBe(200);
    expect(report.headers["content-type"]).toMatch(/markdown/);
    expect(report.body).toMatch(/# Performance report/);
    expect(report.body).toMatch(/## Slowest routes/);
    expect(report.body).toMatch(/\/api\/v1\/maintenance\/runs/);
  });
});
