import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AgentAnalytics, IngestResult } from "@vta/contracts";
import { createAgent, createWorkspace, request, startTestApp, type TestApp } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";
import { queryRows } from "../../platform/db/rows.js";
import { createInteractionsService } from "./interactions.service.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
});
afterAll(() => app.close());

describe("partitions and retention", () => {
  it("creates monthly partitions for old data and drops raw months past retention while rollups stay", async () => {
    const me = await createWorkspace(app);
    const agent = await createAgent(app, me);
    const now = new Date();
    // The first instant of a month: never in the future, whatever today's date (the 10th was, on the 1st to 9th).
    const monthsAgo = (m: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - m, 1)).toISOString();
    const items = [5, 4, 1, 0].map((m) => ({
      agentId: agent.id,
      responseTimeMs: 10 * (m + 1),
      createdAt: monthsAgo(m),
      endUserId: `u${m}`,
    }));
    const res = await request(app, me, { method: "POST", url: "/api/v1/interactions", payload: { items } });
    const { ids } = parsed(res, IngestResult, 201);
    // Rows went to real monthly partitions, not the default one.
    const [inDefault] = await queryRows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from interactions_default where workspace_id = ${me.workspaceId}`,
    );
    expect(inDefault?.n).toBe(0);

    // Retention of 2 months is instance-wide: every workspace's older raw rows go.
    const interactions = createInteractionsService(app.database, { maxBatchRows: 10, maxDelayMs: 1, maxQueuedRows: 1000 });
    const result = await interactions.applyRetention(2, now);
    const stamp = (m: number) => monthsAgo(m).slice(0, 7).replace("-", "_");
    expect(result.droppedPartitions).toEqual(expect.arrayContaining([`interactions_${stamp(5)}`, `interactions_${stamp(4)}`]));
    expect(result.droppedPartitions).not.toContain(`interactions_${stamp(1)}`);

    const left = await queryRows<{ id: string }>(
      app.database.db,
      sql`select id from interactions where workspace_id = ${me.workspaceId} order by created_at`,
    );
    expect(left.map((r) => r.id).sort()).toEqual([ids[2], ids[3]].sort());
    const [keys] = await queryRows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from interaction_keys where id = any(${sql.param(ids)}::uuid[])`,
    );
    expect(keys?.n).toBe(2);

    // Analytics of the dropped months still answer from the rollups.
    const from = monthsAgo(5).slice(0, 10);
    const old = parsed(
      await request(app, me, {
        method: "GET",
        url: `/api/v1/agents/${agent.id}/analytics?period=monthly&from=${from}&to=${now.toISOString().slice(0, 10)}`,
      }),
      AgentAnalytics,
    );
    expect(old.totals.totalInteractions).toBe(4);
  });
});
