/**
 * Writing interactions: the seed's one INSERT and commit per interaction (straight to PostgreSQL,
 * no HTTP) beside ours — batches of 500 over HTTP to the real server, acknowledged after commit,
 * with the idempotency keys and rollups ours maintains. Same client count, same duration, one
 * after the other.
 */
import pg from "pg";
import { uuidv7 } from "../../apps/server/src/platform/ids.js";
import { insertOne } from "../reference/per-row-insert.js";
import type { BenchContext } from "./context.js";
import type { Row } from "./row.js";

async function forSeconds(seconds: number, clients: number, step: (seq: () => number) => Promise<number>) {
  let rows = 0;
  let seq = 0;
  const deadline = Date.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const done = await step(() => seq++); // (`rows += await …` would read rows before awaiting and lose other clients' counts)
        rows += done;
      }
    }),
  );
  return rows / ((performance.now() - started) / 1000);
}

export async function measureIngest(ctx: BenchContext, agentIds: string[], seconds = 10, clients = 16): Promise<Row[]> {
  const pool = new pg.Pool({ connectionString: ctx.databaseUrl, max: clients });
  const row = (i: number) => ({
    id: uuidv7(),
    workspaceId: ctx.workspaceId,
    agentId: agentIds[i % agentIds.length]!,
    sessionId: `s-${i % 997}`,
    endUserId: `user-${(i * 7919) % 5000}`,
    responseTimeMs: i % 3000,
    tokensIn: i % 900,
    tokensOut: i % 400,
    cost: (i % 10) / 1000,
    userRating: (i % 5) + 1,
  });
  let perRow: number;
  try {
    perRow = await forSeconds(seconds, clients, async (seq) => {
      await insertOne(pool, row(seq()));
      return 1;
    });
  } finally {
    await pool.end();
  }
  ctx.log(`  ingest: per-row inserts ${Math.round(perRow)} rows/s`);

  const BATCH = 500;
  let failed = 0;
  const batched = await forSeconds(seconds, clients, async (seq) => {
    const items = Array.from({ length: BATCH }, () => {
      const { workspaceId: _, ...r } = row(seq());
      return r;
    });
    const res = await fetch(`${ctx.serverUrl}/api/v1/interactions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${ctx.apiKey}` },
      body: JSON.stringify({ items }),
    });
    await res.arrayBuffer();
    if (res.status !== 201) {
      failed++;
      return 0;
    }
    return BATCH;
  });
  ctx.log(`  ingest: ours ${Math.round(batched)} rows/s (${failed} failed requests)`);
  if (failed) throw new Error(`${failed} ingestion requests failed`);
  return [
    {
      area: "Writing interactions",
      seedTechnique: "one INSERT + commit per row, direct SQL",
      ourTechnique: "batches of 500 over HTTP, group commit",
      seed: perRow,
      ours: batched,
      unit: "rows/s",
      better: "higher",
      note: `${clients} clients × ${seconds} s each; ours also writes idempotency keys and rollups`,
    },
  ];
}
