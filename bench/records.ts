/**
 * Issue 16's acceptance: one entity of a generated app with a million records on PostgreSQL —
 * import, pages, sorts, a filter, a search, totals, a chart and board counts — beside the JSONB
 * design it replaced; then the same on PGlite (embedded mode) with 100,000 records.
 *   node --import tsx bench/records.ts [--records 1000000] [--pglite-records 100000] [--runs 40]
 */
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { openDatabase } from "../apps/server/src/platform/db/client.js";
import { migrate } from "../apps/server/src/platform/db/migrate.js";
import { spawnServer } from "../apps/server/test/process.js";
import { BENCH_ENV, freshPgliteDir, freshPostgres } from "./lib.js";
import { measureRecords } from "./report/records.js";

const { values } = parseArgs({
  options: {
    records: { type: "string", default: "1000000" },
    "pglite-records": { type: "string", default: "100000" },
    runs: { type: "string", default: "40" },
  },
});
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

async function signUp(url: string) {
  const res = await fetch(`${url}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "records@example.test", password: "bench-password", name: "Bench" }),
  });
  if (res.status !== 201) throw new Error(`signup → ${res.status}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

const runs = Number(values.runs);
const pgdb = await freshPostgres();
const database = await openDatabase({ databaseUrl: pgdb.url, dataDir: "", poolSize: 4, statementTimeoutMs: 0 });
try {
  await migrate(database);
  const server = await spawnServer({ DATABASE_URL: pgdb.url, LOG_LEVEL: "warn", ...BENCH_ENV });
  try {
    log("PostgreSQL");
    const pg = await measureRecords({
      serverUrl: server.url,
      cookie: await signUp(server.url),
      database,
      records: Number(values.records),
      runs,
      log,
    });
    console.log(
      `\nPostgreSQL, ${Number(values.records).toLocaleString("en-US")} records, ${runs} runs each (3 for a query over 0.5 s)\n\n${pg.table}\n`,
    );
  } finally {
    await server.stop();
  }
} finally {
  await database.close();
  await pgdb.drop();
}

const dataDir = freshPgliteDir();
try {
  const server = await spawnServer({ DATA_DIR: dataDir, LOG_LEVEL: "warn", ...BENCH_ENV });
  try {
    log("PGlite");
    const lite = await measureRecords({
      serverUrl: server.url,
      cookie: await signUp(server.url),
      records: Number(values["pglite-records"]),
      runs,
      log,
    });
    console.log(
      `\nPGlite (embedded), ${Number(values["pglite-records"]).toLocaleString("en-US")} records, ${runs} runs each\n\n${lite.table}\n`,
    );
  } finally {
    await server.stop();
  }
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
