/**
 * Issue 16: a generated app's entity with N records, through the real server — CSV import rate,
 * then each operation's p50/p99 over HTTP — beside the JSONB design it replaced, run as SQL on the
 * same records in the same database (see reference/jsonb-records.ts).
 */
import { sql } from "drizzle-orm";
import type { AppDetail, Build } from "@vta/contracts";
import type { Database } from "../../apps/server/src/platform/db/client.js";
import { columnRef, tableRef } from "../../apps/server/src/modules/apps/record-columns.repository.js";
import { columnOf } from "../../apps/server/src/modules/apps/record-tables.js";
import { tablesOf } from "../../apps/server/src/modules/apps/record-tables.repository.js";
import { summarize } from "../lib.js";
import { jsonbQueries } from "../reference/jsonb-records.js";
import { timeRuns, type Row } from "./row.js";

export interface RecordsBench {
  serverUrl: string;
  cookie: string;
  /** The server's database, for the JSONB design beside it (PostgreSQL only: PGlite is the server's alone). */
  database?: Database;
  records: number;
  runs: number;
  log: (line: string) => void;
}

const DESCRIPTION =
  "Track orders with a customer name, a price in dollars, a quantity, an order date and a status. Status can be new, paid or shipped.";
const WORDS = ["invoice", "client", "garden", "repair", "lesson", "order", "ticket", "booking", "review", "delivery"];
const BATCH = 50_000;

/** Record `i`, the same in every run: three of ten words and its number as a name (1 in 10 has "repair ticket"; record 12345 is "review client lesson 12345"), amounts, dates over two years. */
function csvLine(i: number): string {
  const name = [1, 2, 3].map((k) => WORDS[(i * 7 + k * 13) % 10]).join(" ");
  const day = new Date(Date.UTC(2025, 0, 1) + ((i * 31) % 730) * 86_400_000).toISOString().slice(0, 10);
  return `${name} ${i},${((i * 7919) % 100_000) / 100},${i % 20},${day},${["new", "paid", "shipped"][i % 3]}`;
}

const ops = {
  "first page": "?limit=50",
  "sort by a number": "?limit=50&sort=-price",
  "sort by a date": "?limit=50&sort=orderDate",
  "choice + date range": `?limit=50&filters=${encodeURIComponent(
    JSON.stringify([
      { field: "status", op: "in", value: ["paid"] },
      { field: "orderDate", op: "between", value: ["2026-03-01", "2026-03-31"] },
    ]),
  )}`,
  "search, a phrase in 1 record of 10": "?limit=50&search=repair%20ticket",
  "search, one record": "?limit=50&search=client%20lesson%2012345",
  "stats (count, sum, avg, min, max)": "/stats",
  "chart: sum per month": "/groups?groupBy=orderDate&measure=price&period=month",
  "board counts": "/groups?groupBy=status",
  "stats, cached": "/stats?cached",
};

/**
 * Totals and groups are cached (until a record is written): each run of the uncached rows asks in
 * another time zone, part of the cache key, so every answer is computed; "cached" asks the same.
 */
const ZONES = Intl.supportedValuesOf("timeZone");
let zone = 0;
const uncached = (query: string) =>
  query.startsWith("/stats") || query.startsWith("/groups")
    ? `${query}${query.includes("?") ? "&" : "?"}tz=${encodeURIComponent(ZONES[zone++ % ZONES.length]!)}`
    : query;

/** p50/p99 of `fn` over `runs` (3 when one call takes over half a second: a full scan of a million documents takes seconds). */
async function percentiles(runs: number, fn: () => Promise<unknown>) {
  const first = performance.now();
  await fn();
  const s = summarize(await timeRuns(performance.now() - first > 500 ? 3 : runs, fn));
  return { p50: s.p50, p99: s.p99 };
}

export async function measureRecords(b: RecordsBench): Promise<{ rows: Row[]; table: string }> {
  const headers = { cookie: b.cookie };
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${b.serverUrl}/api/v1${path}`, { ...init, headers: { ...headers, ...init.headers } });
    const body = await res.text();
    if (res.status >= 300) throw new Error(`${path} → ${res.status} ${body.slice(0, 300)}`);
    return JSON.parse(body) as unknown;
  };
  /** An import as a client makes it: a large file is answered 202, its Location followed until the answer. */
  const importFile = async (path: string, body: string) => {
    let res = await fetch(`${b.serverUrl}/api/v1${path}`, { method: "POST", headers: { ...headers, "content-type": "text/csv" }, body });
    const location = res.headers.get("location");
    while (res.status === 202 && location) {
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 20));
      res = await fetch(`${b.serverUrl}${location}`, { headers });
    }
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${path} → ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as { imported: number };
  };
  const started = (await api("/apps", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ text: DESCRIPTION }),
  })) as { appId: string; buildId: string };
  for (let status = ""; status !== "succeeded";) {
    status = ((await api(`/builds/${started.buildId}`)) as Build).status;
    if (status === "failed") throw new Error("the bench app did not build");
    await new Promise((r) => setTimeout(r, 50));
  }
  const records = `/apps/${started.appId}/records/order`;

  b.log(`importing ${b.records.toLocaleString("en-US")} records as CSV, ${BATCH.toLocaleString("en-US")} rows a request`);
  const importStart = performance.now();
  for (let from = 0; from < b.records; from += BATCH) {
    const lines = ["Customer name,Price,Quantity,Order date,Status"];
    for (let i = from; i < Math.min(b.records, from + BATCH); i++) lines.push(csvLine(i));
    const result = await importFile(`${records}/import?onError=reject`, lines.join("\n"));
    if (result.imported !== lines.length - 1) throw new Error(`imported ${result.imported} of ${lines.length - 1}`);
  }
  const importRate = b.records / ((performance.now() - importStart) / 1000);
  b.log(`imported at ${Math.round(importRate).toLocaleString("en-US")} rows/s`);

  let jsonb: ReturnType<typeof jsonbQueries> | null = null;
  if (b.database) {
    const db = b.database.db;
    const spec = ((await api(`/apps/${started.appId}`)) as AppDetail).spec!;
    const entity = spec.entities[0]!;
    const table = (await tablesOf(db, started.appId)).get(entity.name)!;
    const pairs = entity.fields.map((f) => sql`${f.name}::text, r.${columnRef(columnOf(table, f)!)}`);
    await db.execute(sql`
      insert into app_records (workspace_id, app_id, entity, data, created_at)
      select a.workspace_id, a.id, 'order', jsonb_strip_nulls(jsonb_build_object(${sql.join(pairs, sql`, `)})), r.created_at
      from ${tableRef(table)} r, apps a where a.id = ${started.appId}`);
    await db.execute(sql`vacuum analyze app_records`);
    jsonb = jsonbQueries(started.appId);
  }
  if (b.database) await b.database.db.execute(sql`vacuum analyze`);

  const rows: Row[] = [];
  const lines = ["| operation | JSONB (before) p50 / p99 | typed table p50 / p99 |", "|---|---|---|"];
  for (const [name, query] of Object.entries(ops)) {
    const ours = await percentiles(b.runs, () => api(`${records}${query.endsWith("?cached") ? "/stats" : uncached(query)}`));
    const before = jsonb?.[name] ? await percentiles(b.runs, () => jsonb[name]!(b.database!.db)) : null;
    b.log(
      `${name}: ours p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms${before ? `; JSONB p50 ${before.p50.toFixed(1)} ms, p99 ${before.p99.toFixed(1)} ms` : ""}`,
    );
    lines.push(
      `| ${name} | ${before ? `${before.p50.toFixed(1)} / ${before.p99.toFixed(1)} ms` : "—"} | ${ours.p50.toFixed(1)} / ${ours.p99.toFixed(1)} ms |`,
    );
    rows.push({
      area: `records ×${b.records.toLocaleString("en-US")}: ${name}`,
      seedTechnique: "one JSONB document per record (before issue 16)",
      ourTechnique: "typed table per entity, over HTTP",
      seed: before?.p99 ?? NaN,
      ours: ours.p99,
      unit: "ms",
      better: "lower",
      note: `p99; p50 ${before ? `${before.p50.toFixed(1)} vs ` : ""}${ours.p50.toFixed(1)} ms`,
    });
  }
  lines.push(`| CSV import | — | ${Math.round(importRate).toLocaleString("en-US")} rows/s |`);
  rows.push({
    area: `records ×${b.records.toLocaleString("en-US")}: CSV import`,
    seedTechnique: "none (records one by one)",
    ourTechnique: "import endpoint",
    seed: NaN,
    ours: importRate,
    unit: "rows/s",
    better: "higher",
  });
  return { rows, table: lines.join("\n") };
}
