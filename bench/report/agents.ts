/**
 * A page of 50 agent cards: the seed's N+1 lazy loading and its selectinload (4 statements) beside
 * our single statement, all in this process, each ending with the page's JSON, taking turns per
 * round — on loopback, then with the database a round trip away; then our page as the server
 * answers it over HTTP with the cache warm.
 */
import { isDeepStrictEqual } from "node:util";
import { sql } from "drizzle-orm";
import { Cache } from "../../apps/server/src/platform/cache/cache.js";
import { createAgentsService } from "../../apps/server/src/modules/agents/index.js";
import { openDatabase, type Db } from "../../apps/server/src/platform/db/client.js";
import { relay } from "../../apps/server/test/relay.js";
import { summarize } from "../lib.js";
import { loadNPlusOne, loadSelectIn, type Card } from "../reference/agent-loading.js";
import type { BenchContext } from "./context.js";
import { timeRuns, type Row } from "./row.js";

const PAGE = 50;
const DELAY_MS = 1;

/** The references must answer with exactly the cards ours serves, or the comparison means nothing. */
function assertSameCards(label: string, cards: Card[], served: Card[]) {
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(cards)), served.slice(0, cards.length)) || cards.length !== PAGE) {
    throw new Error(`${label} does not build the same cards as our list`);
  }
}

/** The three loaders, each to the page's JSON as an endpoint would answer, taking turns per round. */
async function timeLoaders(db: Db, workspaceId: string, rounds: number) {
  const uncached = createAgentsService(db, new Cache({ l1MaxBytes: 1_048_576, nodeId: "bench", enabled: false }));
  const ours = async () => (await uncached.list(db, workspaceId, { limit: PAGE })).value;
  const served = (JSON.parse(await ours()) as { items: Card[] }).items;
  assertSameCards("N+1", (await loadNPlusOne(db, workspaceId, PAGE)).cards, served);
  assertSameCards("selectinload", (await loadSelectIn(db, workspaceId, PAGE)).cards, served);
  const asJson = (load: typeof loadNPlusOne) => async () => JSON.stringify((await load(db, workspaceId, PAGE)).cards);
  const samples = { nPlusOne: [] as number[], selectIn: [] as number[], ours: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    samples.nPlusOne.push(...(await timeRuns(1, asJson(loadNPlusOne))));
    samples.selectIn.push(...(await timeRuns(1, asJson(loadSelectIn))));
    samples.ours.push(...(await timeRuns(1, ours)));
  }
  return { nPlusOne: summarize(samples.nPlusOne).p50, selectIn: summarize(samples.selectIn).p50, ours: summarize(samples.ours).p50 };
}

export async function measureAgentsPage(ctx: BenchContext, rounds = 30): Promise<Row[]> {
  const local = await timeLoaders(ctx.database.db, ctx.workspaceId, rounds);
  ctx.log(
    `  agents page: N+1 p50 ${local.nPlusOne.toFixed(2)} ms, selectinload ${local.selectIn.toFixed(2)} ms, ours ${local.ours.toFixed(2)} ms`,
  );

  // The same database 1 ms further away each way (a TCP relay holding every chunk), as a database
  // on another host is: every statement pays the round trip.
  const url = new URL(ctx.databaseUrl);
  const away = await relay({ host: url.hostname, port: Number(url.port || 5432) }, { delayMs: DELAY_MS });
  url.host = `127.0.0.1:${away.port}`;
  const remote = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: 4, statementTimeoutMs: 0 });
  let far: Awaited<ReturnType<typeof timeLoaders>>;
  let roundTrip: number;
  try {
    roundTrip = summarize(await timeRuns(50, () => remote.db.execute(sql`select 1`))).p50;
    far = await timeLoaders(remote.db, ctx.workspaceId, Math.ceil(rounds / 3));
  } finally {
    await remote.close();
    await away.cut();
  }
  ctx.log(
    `  agents page, database ${roundTrip.toFixed(1)} ms away (select 1): N+1 p50 ${far.nPlusOne.toFixed(2)} ms, selectinload ${far.selectIn.toFixed(2)} ms, ours ${far.ours.toFixed(2)} ms`,
  );

  const http = summarize(
    await timeRuns(300, async () => {
      const res = await fetch(`${ctx.serverUrl}/api/v1/agents?limit=${PAGE}`, { headers: { cookie: ctx.cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`agents list → ${res.status}`);
    }),
  );
  ctx.log(`  agents page over HTTP, warm: p50 ${http.p50.toFixed(2)} ms`);

  const area = `Agents page (${PAGE} cards)`;
  const farArea = `${area}, database ${roundTrip.toFixed(1)} ms away`;
  const n1 = "N+1 lazy loading (151 statements)";
  const si = "selectinload (4 statements)";
  const one = "one statement, no cache";
  return [
    {
      area,
      seedTechnique: n1,
      ourTechnique: one,
      seed: local.nPlusOne,
      ours: local.ours,
      unit: "ms",
      better: "lower",
      note: "p50 of rounds taken in turn; each builds the page's JSON; PostgreSQL on loopback",
    },
    {
      area,
      seedTechnique: si,
      ourTechnique: one,
      seed: local.selectIn,
      ours: local.ours,
      unit: "ms",
      better: "lower",
      note: "same cards, checked equal before timing",
    },
    {
      area: farArea,
      seedTechnique: n1,
      ourTechnique: one,
      seed: far.nPlusOne,
      ours: far.ours,
      unit: "ms",
      better: "lower",
      note: `a relay holds each chunk ${DELAY_MS} ms each way, as another host would; \`select 1\` p50 ${roundTrip.toFixed(2)} ms`,
    },
    { area: farArea, seedTechnique: si, ourTechnique: one, seed: far.selectIn, ours: far.ours, unit: "ms", better: "lower", note: "" },
    {
      area,
      seedTechnique: si,
      ourTechnique: "served over HTTP, cache warm",
      seed: local.selectIn,
      ours: http.p50,
      unit: "ms",
      better: "lower",
      note: "ours: full HTTP round trip, 0 statements",
    },
  ];
}
