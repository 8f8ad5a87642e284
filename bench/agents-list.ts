/**
 * Cold and warm latency of `GET /api/v1/agents?limit=50` over real HTTP with the demo seed
 * (1000 agents × 20 tasks), on PostgreSQL and on PGlite, in one run.
 *   node --import tsx bench/agents-list.ts [--warm 300]
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { buildApp } from "../apps/server/src/app.js";
import { parseEnv } from "../apps/server/src/env.js";
import { openDatabase } from "../apps/server/src/platform/db/client.js";
import { migrate } from "../apps/server/src/platform/db/migrate.js";
import { seedDemo } from "../apps/server/src/cli/seed.js";
import { BENCH_ENV, fmt, freshPgliteDir, freshPostgres, summarize } from "./lib.js";

const { values } = parseArgs({ options: { warm: { type: "string", default: "300" } } });
const WARM = Number(values.warm);

async function measure(kind: "postgres" | "pglite") {
  const pgdb = kind === "postgres" ? await freshPostgres() : null;
  const dataDir = kind === "pglite" ? freshPgliteDir() : "";
  const database = await openDatabase({ databaseUrl: pgdb?.url, dataDir, poolSize: 10, statementTimeoutMs: 0 });
  try {
    await migrate(database);
    const creds = { email: "bench@example.test", password: "bench-password" };
    await seedDemo(database, { agents: 1000, tasks: 20, ...creds });
    const { fastify } = await buildApp({ env: parseEnv({ LOG_LEVEL: "silent", ...BENCH_ENV }), database });
    const address = await fastify.listen({ port: 0, host: "127.0.0.1" });
    const login = await fetch(`${address}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(creds),
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const get = async (url: string) => {
      const t = performance.now();
      const res = await fetch(`${address}${url}`, { headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} → ${res.status}`);
      return { ms: performance.now() - t, timing: res.headers.get("server-timing") };
    };
    const cold = await get("/api/v1/agents?limit=50");
    const warm: number[] = [];
    for (let i = 0; i < WARM; i++) warm.push((await get("/api/v1/agents?limit=50")).ms);
    const search: number[] = [];
    for (let i = 0; i < 50; i++) search.push((await get("/api/v1/agents?limit=50&search=billing")).ms);
    await fastify.close();
    return { kind, cold: cold.ms, coldTiming: cold.timing, warm: summarize(warm), search: summarize(search) };
  } finally {
    await database.close();
    await pgdb?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows = [await measure("postgres"), await measure("pglite")];
console.log(`\nGET /api/v1/agents?limit=50, 1000 agents × 20 tasks, ${WARM} warm requests (sequential, keep-alive)\n`);
console.log("| database | cold (1st request) | warm p50 | warm p99 | search p50 | Server-Timing (cold) |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.kind} | ${fmt(r.cold)} | ${fmt(r.warm.p50)} | ${fmt(r.warm.p99)} | ${fmt(r.search.p50)} | \`${r.coldTiming}\` |`);
}
