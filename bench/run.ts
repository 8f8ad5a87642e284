/**
 * The benchmark report (`npm run bench`): one seeded database, the real server on it, and each of
 * the seed's techniques measured beside ours in the same run — N+1 and selectinload loading, the
 * raw GROUP BY analytics, per-row inserts, the linear-scan LRU and the localStorage client cache.
 * Prints one table of ratios; `--write` also puts it in docs/BENCHMARKS.md.
 *   npm run bench [-- --interactions 1000000] [--seconds 10] [--records 1000000] [--write]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { createConnection } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { seedDemo } from "../apps/server/src/cli/seed.js";
import { openDatabase } from "../apps/server/src/platform/db/client.js";
import { migrate } from "../apps/server/src/platform/db/migrate.js";
import { queryRows } from "../apps/server/src/platform/db/rows.js";
import { repoRoot, spawnServer } from "../apps/server/test/process.js";
import { BENCH_ENV, freshPostgres } from "./lib.js";
import { measureAgentsPage } from "./report/agents.js";
import { measureAnalytics } from "./report/analytics.js";
import { measureClientCache } from "./report/client-cache.js";
import type { BenchContext } from "./report/context.js";
import { measureIngest } from "./report/ingest.js";
import { markdownTable, type Row } from "./report/row.js";
import { measureRecords } from "./report/records.js";
import { measureServerCache } from "./report/server-cache.js";

const { values } = parseArgs({
  options: {
    interactions: { type: "string", default: "1000000" },
    seconds: { type: "string", default: "10" },
    records: { type: "string", default: "1000000" },
    write: { type: "boolean", default: false },
  },
});
const INTERACTIONS = Number(values.interactions);
const SECONDS = Number(values.seconds);
if (!Number.isInteger(INTERACTIONS) || INTERACTIONS < 10_000)
  throw new Error(`--interactions must be a whole number ≥ 10000 (got ${values.interactions})`);
if (!(SECONDS > 0)) throw new Error(`--seconds must be a positive number (got ${values.seconds})`);

const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
const reachable = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port }, () => (socket.end(), resolve(true)));
    socket.on("error", () => resolve(false));
  });

const started = Date.now();
const pgdb = await freshPostgres();
const database = await openDatabase({ databaseUrl: pgdb.url, dataDir: "", poolSize: 10, statementTimeoutMs: 0 });
const creds = { email: "bench@example.test", password: "bench-password" };
let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
try {
  await migrate(database);
  log(
    `seeding 1000 agents × 20 tasks and ${INTERACTIONS.toLocaleString("en-US")} interactions over 90 days (the demo seed, through the ingestion path)`,
  );
  let lastProgress = 0;
  const { workspaceId } = await seedDemo(database, { agents: 1000, tasks: 20, interactions: INTERACTIONS, days: 90, ...creds }, (l) => {
    if (Date.now() - lastProgress > 10_000 || / in [\d.]+ s$/.test(l)) {
      lastProgress = Date.now();
      log(l.trim());
    }
  });
  const redis = (await reachable(6379)) ? "redis://127.0.0.1:6379" : "";
  server = await spawnServer({ DATABASE_URL: pgdb.url, REDIS_URL: redis, LOG_LEVEL: "warn", ...BENCH_ENV });
  const json = { "content-type": "application/json" };
  const login = await fetch(`${server.url}/api/v1/auth/login`, { method: "POST", headers: json, body: JSON.stringify(creds) });
  const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
  const keyRes = await fetch(`${server.url}/api/v1/api-keys`, {
    method: "POST",
    headers: { ...json, cookie },
    body: JSON.stringify({ name: "bench" }),
  });
  const { key } = (await keyRes.json()) as { key: string };
  const ctx: BenchContext = { database, databaseUrl: pgdb.url, workspaceId, serverUrl: server.url, cookie, apiKey: key, log };
  log(`server up (${redis ? "with Redis" : "without Redis"}); measuring`);

  const rows: Row[] = [];
  rows.push(...(await measureAgentsPage(ctx)));
  rows.push(...(await measureAnalytics(ctx)));
  const agentIds = (
    await queryRows<{ id: string }>(
      database.db,
      sql`select id from agents where workspace_id = ${workspaceId} order by created_at desc limit 10`,
    )
  ).map((a) => a.id);
  rows.push(...(await measureIngest(ctx, agentIds, SECONDS)));
  rows.push(...(await measureServerCache(log)));
  rows.push(...(await measureRecords({ serverUrl: server.url, cookie, database, records: Number(values.records), runs: 40, log })).rows);
  const client = await measureClientCache(ctx);
  rows.push(...client.rows);

  const [pgVersion] = await queryRows<{ v: string }>(database.db, sql`select current_setting('server_version') as v`);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.versions.node}, PostgreSQL ${pgVersion?.v}, ${redis ? "Redis" : "no Redis"}, ${client.browser}`;
  const heading = `Run of ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC (${Math.round((Date.now() - started) / 1000)} s) on ${machine}; data: 1000 agents × 20 tasks, ${INTERACTIONS.toLocaleString("en-US")} interactions.`;
  const table = markdownTable(rows);
  console.log(`\n${heading}\n\n${table}\n`);
  if (values.write) {
    const file = join(repoRoot, "docs/BENCHMARKS.md");
    const doc = readFileSync(file, "utf8");
    const [begin, end] = ["<!-- report:begin -->", "<!-- report:end -->"];
    if (!doc.includes(begin) || !doc.includes(end)) throw new Error(`docs/BENCHMARKS.md has no ${begin} … ${end} section to write into`);
    writeFileSync(file, `${doc.slice(0, doc.indexOf(begin) + begin.length)}\n${heading}\n\n${table}\n${doc.slice(doc.indexOf(end))}`);
    log("docs/BENCHMARKS.md updated");
  }
} finally {
  await server?.stop();
  await database.close();
  await pgdb.drop();
}
