/**
 * Cache hit rate under a Zipf(s=1.0) read mix over 10,000 agents with 5% writes, on two nodes
 * sharing PostgreSQL and Redis: reads go to either node, writes to either node, and every read is
 * checked against the last acknowledged write (a stale read is any other value).
 *   node --import tsx bench/cache-hit-rate.ts [--ops 20000] [--writes 0.05]
 */
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { buildApp } from "../apps/server/src/app.js";
import { parseEnv } from "../apps/server/src/env.js";
import { openDatabase } from "../apps/server/src/platform/db/client.js";
import { migrate } from "../apps/server/src/platform/db/migrate.js";
import { queryRows } from "../apps/server/src/platform/db/rows.js";
import { seedDemo } from "../apps/server/src/cli/seed.js";
import { BENCH_ENV, freshPostgres } from "./lib.js";

const { values } = parseArgs({
  options: {
    ops: { type: "string", default: "20000" },
    warmup: { type: "string", default: "40000" },
    writes: { type: "string", default: "0.05" },
  },
});
const OPS = Number(values.ops);
const WARMUP = Number(values.warmup);
const WRITE_SHARE = Number(values.writes);

const pg = await freshPostgres();
const database = await openDatabase({ databaseUrl: pg.url, dataDir: "", poolSize: 8, statementTimeoutMs: 0 });
const nodes: Awaited<ReturnType<typeof buildApp>>[] = [];
try {
  await migrate(database);
  const creds = { email: "zipf@example.test", password: "zipf-password" };
  const { workspaceId } = await seedDemo(database, { agents: 10_000, tasks: 0, ...creds });
  const agentIds = (
    await queryRows<{ id: string }>(database.db, sql`select id from agents where workspace_id = ${workspaceId} order by random()`)
  ).map((r) => r.id);
  for (const name of ["a", "b"]) {
    const env = parseEnv({ LOG_LEVEL: "silent", REDIS_URL: "redis://127.0.0.1:6379", NODE_ID: `${name}-${randomUUID()}`, ...BENCH_ENV });
    nodes.push(await buildApp({ env, database }));
  }
  const login = await nodes[0]!.fastify.inject({ method: "POST", url: "/api/v1/auth/login", payload: creds });
  const cookie = `vta_session=${login.cookies.find((c) => c.name === "vta_session")!.value}`;

  // Zipf(s=1) over ranks 1..N by inverse CDF.
  const cdf: number[] = [];
  let sum = 0;
  for (let i = 1; i <= agentIds.length; i++) cdf.push((sum += 1 / i));
  let seed = 7;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const zipf = () => {
    const u = rand() * sum;
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return agentIds[lo]!;
  };

  const latest = new Map<string, string>();
  let reads = 0;
  let hits = 0;
  let writes = 0;
  let stale = 0;
  let counter = 0;
  let started = performance.now();
  // The same mix first, uncounted: the hit rate is the steady state's, not the cold fill's.
  for (let i = 0; i < WARMUP + OPS; i++) {
    if (i === WARMUP) {
      [reads, hits, writes, stale] = [0, 0, 0, 0];
      started = performance.now();
    }
    const id = zipf();
    const node = nodes[i % 2]!.fastify;
    if (rand() < WRITE_SHARE) {
      const description = `v${++counter}`;
      const res = await node.inject({ method: "PATCH", url: `/api/v1/agents/${id}`, headers: { cookie }, payload: { description } });
      if (res.statusCode !== 200) throw new Error(`write ${res.statusCode}`);
      latest.set(id, description);
      writes++;
    } else {
      const res = await node.inject({ method: "GET", url: `/api/v1/agents/${id}`, headers: { cookie } });
      if (res.statusCode !== 200) throw new Error(`read ${res.statusCode}`);
      reads++;
      if (/queries=0"/.test(String(res.headers["server-timing"]))) hits++;
      const expected = latest.get(id);
      if (expected !== undefined && (JSON.parse(res.body) as { description: string }).description !== expected) stale++;
    }
  }
  const secs = (performance.now() - started) / 1000;
  const stats = nodes.map((n) => n.cache.stats());
  console.log(
    `\nZipf(s=1.0) over ${agentIds.length.toLocaleString("en-US")} agents, ${OPS.toLocaleString("en-US")} operations measured after ${WARMUP.toLocaleString("en-US")} of warm-up, ${(WRITE_SHARE * 100).toFixed(0)}% writes, two nodes + Redis\n`,
  );
  console.log("| reads | writes | hit rate (reads with no SQL) | stale reads | ops/s | L1 evictions | warmed |");
  console.log("|---|---|---|---|---|---|---|");
  console.log(
    `| ${reads.toLocaleString("en-US")} | ${writes.toLocaleString("en-US")} | ${((hits / reads) * 100).toFixed(2)}% | ${stale} | ${Math.round(OPS / secs).toLocaleString("en-US")} | ${stats.reduce((n, s) => n + s.l1.evictions, 0)} | ${stats.reduce((n, s) => n + s.warmed, 0)} |`,
  );
} finally {
  for (const n of nodes) await n.fastify.close();
  await database.close();
  await pg.drop();
}
