/**
 * A page of 50 agent cards: the seed's N+1 lazy loading and its selectinload (4 statements) beside
 * our single statement, all in this process on the same connection pool, each ending with the
 * page's JSON, taking turns per round; then our page as the server answers it over HTTP with the
 * cache warm.
 */
import { isDeepStrictEqual } from "node:util";
import { Cache } from "../../apps/server/src/platform/cache/cache.js";
import { createAgentsService } from "../../apps/server/src/modules/agents/index.js";
import { summarize } from "../lib.js";
import { loadNPlusOne, loadSelectIn, type Card } from "../reference/agent-loading.js";
import type { BenchContext } from "./context.js";
import { timeRuns, type Row } from "./row.js";

const PAGE = 50;

/** The references must answer with exactly the cards ours serves, or the comparison means nothing. */
function assertSameCards(label: string, cards: Card[], served: Card[]) {
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(cards)), served.slice(0, cards.length)) || cards.length !== PAGE) {
    throw new Error(`${label} does not build the same cards as our list`);
  }
}

export async function measureAgentsPage(ctx: BenchContext, rounds = 30): Promise<Row[]> {
  const { db } = ctx.database;
  const uncached = createAgentsService(db, new Cache({ l1MaxBytes: 1_048_576, nodeId: "bench", enabled: false }));
  const ours = async () => (await uncached.list(db, ctx.workspaceId, { limit: PAGE })).value;
  const served = (JSON.parse(await ours()) as { items: Card[] }).items;
  assertSameCards("N+1", (await loadNPlusOne(db, ctx.workspaceId, PAGE)).cards, served);
  assertSameCards("selectinload", (await loadSelectIn(db, ctx.workspaceId, PAGE)).cards, served);

  // Each answers with the page as JSON, as an endpoint would.
  const asJson = (load: typeof loadNPlusOne) => async () => JSON.stringify((await load(db, ctx.workspaceId, PAGE)).cards);
  const samples = { nPlusOne: [] as number[], selectIn: [] as number[], ours: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    samples.nPlusOne.push(...(await timeRuns(1, asJson(loadNPlusOne))));
    samples.selectIn.push(...(await timeRuns(1, asJson(loadSelectIn))));
    samples.ours.push(...(await timeRuns(1, ours)));
  }
  const [n1, si, one] = [summarize(samples.nPlusOne), summarize(samples.selectIn), summarize(samples.ours)];
  ctx.log(`  agents page: N+1 p50 ${n1.p50.toFixed(2)} ms, selectinload ${si.p50.toFixed(2)} ms, ours ${one.p50.toFixed(2)} ms`);

  const http = summarize(
    await timeRuns(300, async () => {
      const res = await fetch(`${ctx.serverUrl}/api/v1/agents?limit=${PAGE}`, { headers: { cookie: ctx.cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`agents list → ${res.status}`);
    }),
  );
  ctx.log(`  agents page over HTTP, warm: p50 ${http.p50.toFixed(2)} ms`);

  const area = `Agents page (${PAGE} cards)`;
  return [
    { area, seedTechnique: "N+1 lazy loading (151 statements)", ourTechnique: "one statement, no cache", seed: n1.p50, ours: one.p50, unit: "ms", better: "lower", note: "p50 of rounds taken in turn" },
    { area, seedTechnique: "selectinload (4 statements)", ourTechnique: "one statement, no cache", seed: si.p50, ours: one.p50, unit: "ms", better: "lower", note: "each to the page's JSON; PostgreSQL on loopback (a networked database adds a round trip per statement)" },
    { area, seedTechnique: "selectinload (4 statements)", ourTechnique: "served over HTTP, cache warm", seed: si.p50, ours: http.p50, unit: "ms", better: "lower", note: "ours: full HTTP round trip, 0 statements" },
  ];
}
