/**
 * How to store a generated app's records at scale (issue 16): the same entity of N records in three
 * designs, side by side on one PostgreSQL, each query run many times and its p50/p99 reported.
 *   node --import tsx bench/records-storage.ts [--records 1000000] [--runs 40]
 *
 * - jsonb: today's `app_records` (one JSONB column, one index on app, entity and creation time);
 *   sorting by a field sorts every record of the entity, search scans `data::text`.
 * - jsonb + indexes: the same table with partial expression indexes per field of this entity
 *   (immutable casts), made when the app's spec declares the field.
 * - typed table: one real table per entity with a typed column per field and an index per
 *   sortable field, trigram index for search (what Baserow, NocoDB and Teable do).
 */
import { parseArgs } from "node:util";
import pg from "pg";
import { freshPostgres, summarize } from "./lib.js";

const { values } = parseArgs({ options: { records: { type: "string", default: "1000000" }, runs: { type: "string", default: "40" } } });
const N = Number(values.records);
const RUNS = Number(values.runs);
const APP = "00000000-0000-4000-8000-000000000001";

const db = await freshPostgres();
const client = new pg.Client({ connectionString: db.url });
await client.connect();
const q = (text: string, params: unknown[] = []) => client.query(text, params);
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);

/** Deterministic values from the row number, so every design holds the same records. */
const VALUES = `
  (select string_agg(w, ' ') from (select (array['invoice','client','garden','repair','lesson','order','ticket','booking','review','delivery'])[1 + ((i * 7 + k * 13) % 10)] as w from generate_series(1, 3) k) x) || ' ' || i as title,
  round(((i * 7919) % 100000) / 100.0, 2) as amount,
  date '2026-01-01' + ((i * 31) % 730)::int as due,
  (array['open','doing','review','done'])[1 + (i % 4)] as status,
  (i % 3 = 0) as done,
  timestamptz '2024-01-01' + make_interval(secs => i * 60) as created_at`;

try {
  await q("create extension if not exists pg_trgm");
  log(`filling ${N.toLocaleString()} records in each design…`);
  await q(
    `create table jsonb_records (id uuid primary key default gen_random_uuid(), app_id uuid not null, entity text not null, data jsonb not null, created_at timestamptz not null, updated_at timestamptz not null default now())`,
  );
  await q(`insert into jsonb_records (app_id, entity, data, created_at)
    select '${APP}', 'task', jsonb_build_object('title', title, 'amount', amount, 'due', due::text, 'status', status, 'done', done), created_at
    from (select ${VALUES} from generate_series(1::bigint, ${N}) i) v`);
  await q(`create index on jsonb_records (app_id, entity, created_at desc, id desc)`);

  await q(
    `create table typed_task (id uuid primary key default gen_random_uuid(), title text, amount numeric, due date, status text, done boolean, created_at timestamptz not null, updated_at timestamptz not null default now())`,
  );
  await q(
    `insert into typed_task (title, amount, due, status, done, created_at) select title, amount, due, status, done, created_at from (select ${VALUES} from generate_series(1::bigint, ${N}) i) v`,
  );
  for (const cols of ["created_at desc, id desc", "amount desc, id desc", "due, id", "status, due, created_at desc"])
    await q(`create index on typed_task (${cols})`);
  await q(`create index on typed_task using gin (title gin_trgm_ops)`);

  // JSONB with expression indexes: a date cast is not immutable, so dates are compared as ISO text.
  const jx = `app_id = '${APP}' and entity = 'task'`;
  await q(`create table jsonx_records (like jsonb_records including all)`);
  await q(`insert into jsonx_records select * from jsonb_records`);
  for (const expr of [
    "((data->>'amount')::numeric) desc, id desc",
    "(data->>'due'), id",
    "(data->>'status'), (data->>'due'), created_at desc",
  ])
    await q(`create index on jsonx_records (${expr}) where ${jx}`);
  await q(`create index on jsonx_records using gin ((data->>'title') gin_trgm_ops) where ${jx}`);
  await q("vacuum analyze");
  const size = async (t: string) =>
    (await client.query<{ s: string }>(`select pg_size_pretty(pg_total_relation_size('${t}')) as s`)).rows[0]!.s;
  log(`sizes: jsonb ${await size("jsonb_records")}, jsonb + indexes ${await size("jsonx_records")}, typed ${await size("typed_task")}`);

  const page = "limit 50";
  const designs: Record<string, Record<string, string>> = {
    jsonb: {
      "first page": `select id, data from jsonb_records where ${jx} order by created_at desc, id desc ${page}`,
      "sort by a number": `select id, data from jsonb_records where ${jx} order by (data->>'amount')::numeric desc, id desc ${page}`,
      "sort by a date": `select id, data from jsonb_records where ${jx} order by data->>'due', id ${page}`,
      "choice + date range": `select id, data from jsonb_records where ${jx} and data->>'status' = 'open' and data->>'due' between '2026-03-01' and '2026-03-31' order by created_at desc, id desc ${page}`,
      search: `select id, data from jsonb_records where ${jx} and data::text ilike '%garden repair%' order by created_at desc, id desc ${page}`,
      "stats (count, sum, avg, min, max)": `select count(*), sum((data->>'amount')::numeric), avg((data->>'amount')::numeric), min((data->>'amount')::numeric), max((data->>'amount')::numeric) from jsonb_records where ${jx}`,
      "chart: sum per month": `select date_trunc('month', (data->>'due')::date) m, sum((data->>'amount')::numeric) from jsonb_records where ${jx} group by 1 order by 1`,
      "board counts": `select data->>'status', count(*) from jsonb_records where ${jx} group by 1`,
    },
    "jsonb + indexes": {
      "first page": `select id, data from jsonx_records where ${jx} order by created_at desc, id desc ${page}`,
      "sort by a number": `select id, data from jsonx_records where ${jx} order by (data->>'amount')::numeric desc, id desc ${page}`,
      "sort by a date": `select id, data from jsonx_records where ${jx} order by data->>'due', id ${page}`,
      "choice + date range": `select id, data from jsonx_records where ${jx} and data->>'status' = 'open' and data->>'due' between '2026-03-01' and '2026-03-31' order by created_at desc, id desc ${page}`,
      search: `select id, data from jsonx_records where ${jx} and data->>'title' ilike '%garden repair%' order by created_at desc, id desc ${page}`,
      "stats (count, sum, avg, min, max)": `select count(*), sum((data->>'amount')::numeric), avg((data->>'amount')::numeric), min((data->>'amount')::numeric), max((data->>'amount')::numeric) from jsonx_records where ${jx}`,
      "chart: sum per month": `select substr(data->>'due', 1, 7) m, sum((data->>'amount')::numeric) from jsonx_records where ${jx} group by 1 order by 1`,
      "board counts": `select data->>'status', count(*) from jsonx_records where ${jx} group by 1`,
    },
    "typed table": {
      "first page": `select * from typed_task order by created_at desc, id desc ${page}`,
      "sort by a number": `select * from typed_task order by amount desc, id desc ${page}`,
      "sort by a date": `select * from typed_task order by due, id ${page}`,
      "choice + date range": `select * from typed_task where status = 'open' and due between '2026-03-01' and '2026-03-31' order by created_at desc, id desc ${page}`,
      search: `select * from typed_task where title ilike '%garden repair%' order by created_at desc, id desc ${page}`,
      "stats (count, sum, avg, min, max)": `select count(*), sum(amount), avg(amount), min(amount), max(amount) from typed_task`,
      "chart: sum per month": `select date_trunc('month', due) m, sum(amount) from typed_task group by 1 order by 1`,
      "board counts": `select status, count(*) from typed_task group by 1`,
    },
  };
  const results: Record<string, Record<string, string>> = {};
  for (const [design, queries] of Object.entries(designs)) {
    for (const [name, text] of Object.entries(queries)) {
      // Slow queries get fewer runs (a full scan of a million JSONB documents takes seconds).
      const first = performance.now();
      await q(text);
      const runs = performance.now() - first > 500 ? 3 : RUNS;
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const t = performance.now();
        await q(text);
        samples.push(performance.now() - t);
      }
      const s = summarize(samples);
      (results[name] ??= {})[design] = `${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} ms`;
      log(`${design} · ${name}: p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms (${runs} runs)`);
    }
  }
  console.log(`\n${N.toLocaleString()} records, p50 / p99 over ${RUNS} runs (3 for queries over 0.5 s)\n`);
  console.log(
    `| query | ${Object.keys(designs).join(" | ")} |\n|---|${Object.keys(designs)
      .map(() => "---")
      .join("|")}|`,
  );
  for (const [name, row] of Object.entries(results))
    console.log(
      `| ${name} | ${Object.keys(designs)
        .map((d) => row[d])
        .join(" | ")} |`,
    );
} finally {
  await client.end();
  await db.drop();
}
