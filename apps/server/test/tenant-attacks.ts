/**
 * Attacks of one tenant on the work tenants share, run the same way on PostgreSQL and on PGlite
 * (tenant-isolation.int.test.ts, embedded.pglite.test.ts).
 */
import { randomUUID } from "node:crypto";
import { createInteractionsService } from "../src/modules/interactions/interactions.service.js";
import { IngestResult, RatingChange } from "@vta/contracts";
import { createAgent, createWorkspace, request, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";

/** Text PostgreSQL cannot store, in every place an ingest carries text. */
const POISONS = [
  { input: "\u0000" },
  { output: "ok\u0000" },
  { metadata: { note: "\u0000" } },
  { metadata: { "\u0000": 1 } },
  { input: "\ud800 lone" },
  { sessionId: "s\u0000" },
];

/**
 * Four attackers post rows PostgreSQL refuses while a victim posts 200 ordinary ingests: the
 * attackers get 400 each time, the victim 201 every time, and all of the victim's rows are stored.
 */
export async function poisonedNeighbours(app: TestApp) {
  const victim = await createWorkspace(app, "Victim");
  const victimAgent = await createAgent(app, victim);
  const attackers = await Promise.all(
    [0, 1, 2, 3].map(async () => {
      const actor = await createWorkspace(app, "Attacker");
      return { actor, agent: await createAgent(app, actor) };
    }),
  );
  let stop = false;
  const attackerStatuses: number[] = [];
  const attacks = attackers.map(async ({ actor, agent }, a) => {
    for (let i = 0; !stop; i++) {
      const poison = POISONS[(a + i) % POISONS.length]!;
      const res = await request(app, actor, {
        method: "POST",
        url: "/api/v1/interactions",
        payload: { items: [{ agentId: agent.id, responseTimeMs: 1, ...poison }] },
      });
      attackerStatuses.push(res.statusCode);
    }
  });
  const victimStatuses: number[] = [];
  for (let round = 0; round < 20; round++) {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(app, victim, {
          method: "POST",
          url: "/api/v1/interactions",
          payload: { agentId: victimAgent.id, responseTimeMs: 10 + i, input: `question ${round}.${i}` },
        }),
      ),
    );
    victimStatuses.push(...results.map((r) => r.statusCode));
  }
  stop = true;
  await Promise.all(attacks);
  const exported = await request(app, victim, { method: "GET", url: `/api/v1/interactions/export?format=jsonl&agentId=${victimAgent.id}` });
  const stored = exported.body.split("\n").filter(Boolean).length;
  return { victimStatuses, attackerStatuses, stored };
}

/**
 * Below the HTTP guard: rows the database itself refuses, flushed in one transaction with another
 * tenant's rows, fail only the request that sent them.
 */
export async function refusedRowInSharedFlush(app: TestApp) {
  const service = createInteractionsService(app.database, { maxBatchRows: 100, maxDelayMs: 20, maxQueuedRows: 1000 });
  const good = await createWorkspace(app, "Good");
  const goodAgent = await createAgent(app, good);
  const bad = await createWorkspace(app, "Bad");
  const badAgent = await createAgent(app, bad);
  const row = (workspaceId: string, agentId: string, input: string) => ({
    id: randomUUID(),
    workspaceId,
    agentId,
    taskId: null,
    sessionId: null,
    endUserId: null,
    createdAt: new Date().toISOString(),
    responseTimeMs: 5,
    tokensIn: 0,
    tokensOut: 0,
    cost: 0,
    userRating: null,
    input,
    output: null,
    metadata: null,
  });
  const results = await Promise.allSettled([
    service.commits.submit([row(good.workspaceId, goodAgent.id, "fine")]),
    service.commits.submit([row(bad.workspaceId, badAgent.id, "bad \u0000")]),
    service.commits.submit([row(good.workspaceId, goodAgent.id, "also fine")]),
  ]);
  await service.commits.close();
  return results.map((r) => r.status);
}

/**
 * Interaction ids are the client's: tenant B posting A's id learns nothing (no "duplicate"), and
 * B posting ids A will use later does not make A's real events disappear.
 */
export async function sharedIds(app: TestApp) {
  const [a, b] = [await createWorkspace(app, "A"), await createWorkspace(app, "B")];
  const [agentA, agentB] = [await createAgent(app, a), await createAgent(app, b)];
  const post = (actor: typeof a, agentId: string, id: string) =>
    request(app, actor, { method: "POST", url: "/api/v1/interactions", payload: { id, agentId, responseTimeMs: 7, input: "hello" } });
  const existing = randomUUID();
  const aFirst = parsed(await post(a, agentA.id, existing), IngestResult, 201);
  const bProbe = parsed(await post(b, agentB.id, existing), IngestResult, 201);
  const planted = randomUUID();
  const bPlant = parsed(await post(b, agentB.id, planted), IngestResult, 201);
  const aLater = parsed(await post(a, agentA.id, planted), IngestResult, 201);
  const aRetry = parsed(await post(a, agentA.id, planted), IngestResult, 201);
  const rateByB = await request(app, b, { method: "PATCH", url: `/api/v1/interactions/${existing}`, payload: { userRating: 1 } });
  const rateByA = await request(app, a, { method: "PATCH", url: `/api/v1/interactions/${existing}`, payload: { userRating: 5 } });
  return { aFirst, bProbe, bPlant, aLater, aRetry, rateByB: parsed(rateByB, RatingChange), rateByA: parsed(rateByA, RatingChange) };
}
