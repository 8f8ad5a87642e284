/**
 * Two API processes and one worker on one PostgreSQL and Redis (plus a second worker for the
 * schedule): a write through A is never read stale through B; a build started through A runs on a
 * worker and streams its stages to a client connected to B; the scheduled maintenance runs once per
 * period for the whole cluster, however many workers schedule it.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { spawnServer, spawnWorker, type ServerProcess } from "./process.js";

// A database of its own (the nodes migrate it as they start): its 4-second maintenance schedule
// must reach no other test (a manual run elsewhere would find one in progress and answer 409).
const adminUrl = inject("pgAdminUrl");
const databaseName = `vta_scale_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${databaseName}` }).toString();
const env = { DATABASE_URL: databaseUrl, REDIS_URL: "redis://127.0.0.1:6379", INGEST_FLUSH_MS: "5", MAINTENANCE_DAILY_MS: "4000" };
const processes: ServerProcess[] = [];
let a: ServerProcess;
let b: ServerProcess;
let cookie: string;
const started = Date.now();
let workersUp = Date.now();

const admin = async (statement: string) => {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};

beforeAll(async () => {
  await admin(`create database ${databaseName}`);
  [a, b] = await Promise.all([
    spawnServer({ ...env, ROLE: "api", NODE_ID: "api-a" }),
    spawnServer({ ...env, ROLE: "api", NODE_ID: "api-b" }),
  ]);
  processes.push(a, b);
  processes.push(...(await Promise.all([spawnWorker({ ...env, NODE_ID: "worker-1" }), spawnWorker({ ...env, NODE_ID: "worker-2" })])));
  workersUp = Date.now();
  const signup = await fetch(`${a.url}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `scale-${randomUUID()}@example.test`, password: "password123", name: "S" }),
  });
  cookie = signup.headers.get("set-cookie")!.split(";")[0]!;
}, 120_000);
afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await admin(`drop database if exists ${databaseName} with (force)`);
});

const call = async (node: ServerProcess, path: string, method = "GET", body?: unknown) => {
  const res = await fetch(`${node.url}/api/v1${path}`, {
    method,
    headers: { cookie, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> };
};

describe("a cluster of two API nodes and workers", () => {
  it("never serves through B what a write through A replaced", async () => {
    const agent = (await call(a, "/agents", "POST", { name: "v0" })).body as { id: string };
    for (let i = 1; i <= 5; i++) {
      await call(b, `/agents/${agent.id}`); // warm B
      await call(b, `/agents/${agent.id}`);
      expect((await call(a, `/agents/${agent.id}`, "PATCH", { name: `v${i}` })).status).toBe(200);
      expect(((await call(b, `/agents/${agent.id}`)).body as { name: string }).name).toBe(`v${i}`);
    }
  });

  it("streams to a client on B the stages of a build started on A and run by a worker", async () => {
    const { appId, buildId } = (await call(a, "/apps", "POST", { text: "Track plants with a name and a watering date" })).body as {
      appId: string;
      buildId: string;
    };
    const stream = await fetch(`${b.url}/api/v1/builds/${buildId}/events`, { headers: { cookie } });
    const text = await stream.text(); // ends after the final status
    const stages = [...text.matchAll(/event: stage\ndata: (.*)\n/g)]
      .map((m) => JSON.parse(m[1]!) as { name: string; status: string })
      .filter((s) => s.status === "succeeded")
      .map((s) => s.name);
    expect(stages).toEqual(["requirements", "architecture", "verification"]);
    expect(text).toMatch(/"status":"succeeded"/);
    expect(((await call(b, `/apps/${appId}`)).body as { version: number }).version).toBe(1);
  });

  it("runs the scheduled maintenance once per period for the whole cluster", async () => {
    // Two workers both schedule it, every 4 s here; wait for a few periods after they started.
    await new Promise((r) => setTimeout(r, Math.max(0, 10_500 - (Date.now() - workersUp))));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ created_at: Date; status: string; error: string | null; steps: unknown }>(
        `select created_at, status, error, steps from maintenance_runs where trigger = 'daily' and created_at >= $1 order by created_at`,
        [new Date(started)],
      );
      const periods = (Date.now() - rows[0]!.created_at.getTime()) / 4000;
      expect(rows.length).toBeGreaterThanOrEqual(3);
      expect(rows.length).toBeLessThanOrEqual(Math.floor(periods) + 1); // once per period, not once per worker
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.created_at.getTime() - rows[i - 1]!.created_at.getTime()).toBeGreaterThan(2500);
      expect(rows.filter((r) => r.status === "failed").map((r) => ({ error: r.error, steps: r.steps }))).toEqual([]);
    } finally {
      await client.end();
    }
  }, 60_000);
});
