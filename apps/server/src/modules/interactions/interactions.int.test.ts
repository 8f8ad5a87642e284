import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  Agent,
  AgentAnalytics,
  AgentDetail,
  ErrorBody,
  IngestResult,
  Interaction,
  type Page,
  pageOf,
  RatingChange,
  WorkspaceSummary,
} from "@vta/contracts";
import {
  createAgent,
  createApiKeyActor,
  createWorkspace,
  queriesOf,
  request,
  rng,
  startTestApp,
  type Actor,
  type TestApp,
} from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";
import { queryRows } from "../../platform/db/rows.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({
    databaseUrl: inject("databaseUrl"),
    env: { INGEST_FLUSH_MS: "3", INGEST_BATCH_ROWS: "800", LOG_LEVEL: "error" },
  });
});
afterAll(() => app.close());

const DAY = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);
const ingest = (actor: Actor, payload: unknown) =>
  request(app, actor, { method: "POST", url: "/api/v1/interactions", payload: payload as object });

type RawRow = {
  date: string;
  total_interactions: number;
  unique_users: number;
  avg_response_time: number;
  positive_ratings: number;
  negative_ratings: number;
  total_tokens: number;
  total_cost: string;
};

/** The seed's raw aggregation, run directly on the raw rows (bucketed by `unit`). */
function seedQuery(agentId: string, from: string, to: string, unit: "day" | "week" | "month") {
  return queryRows<RawRow>(
    app.database.db,
    sql`
    SELECT to_char(date_trunc(${unit}, DATE(ai.created_at)), 'YYYY-MM-DD') as date,
      COUNT(*)::int as total_interactions,
      COUNT(DISTINCT ai.end_user_id)::int as unique_users,
      AVG(ai.response_time_ms)::float8 as avg_response_time,
      COUNT(CASE WHEN ai.user_rating >= 4 THEN 1 END)::int as positive_ratings,
      COUNT(CASE WHEN ai.user_rating < 4 THEN 1 END)::int as negative_ratings,
      SUM(ai.tokens_in + ai.tokens_out)::float8 as total_tokens,
      SUM(ai.cost)::text as total_cost
    FROM interactions ai
    WHERE ai.agent_id = ${agentId}
      AND ai.created_at >= ${from}::date::timestamp at time zone 'UTC'
      AND ai.created_at < (${to}::date + 1)::timestamp at time zone 'UTC'
    GROUP BY 1
    ORDER BY 1 DESC`,
  );
}

function expectRowsEqual(ours: AgentAnalytics["series"], raw: RawRow[]) {
  const byDate = new Map(raw.map((r) => [r.date, r]));
  for (const row of ours) {
    const r = byDate.get(row.date);
    if (!r) {
      expect(row, row.date).toMatchObject({
        totalInteractions: 0,
        uniqueUsers: 0,
        positiveRatings: 0,
        negativeRatings: 0,
        totalTokens: 0,
        totalCost: 0,
      });
      continue;
    }
    byDate.delete(row.date);
    expect({
      date: row.date,
      n: row.totalInteractions,
      u: row.uniqueUsers,
      pos: row.positiveRatings,
      neg: row.negativeRatings,
      tok: row.totalTokens,
    }).toEqual({
      date: r.date,
      n: r.total_interactions,
      u: r.unique_users,
      pos: r.positive_ratings,
      neg: r.negative_ratings,
      tok: r.total_tokens,
    });
    expect(Math.abs(row.totalCost - Number(r.total_cost)), `cost ${row.date}`).toBeLessThan(1e-6);
    expect(Math.abs(row.avgResponseTime - r.avg_response_time), `avg ${row.date}`).toBeLessThan(1e-6);
  }
  expect([...byDate.keys()], "raw buckets missing from the series").toEqual([]);
}

const Interactions = pageOf(Interaction);

describe("interactions and analytics", () => {
  it("matches the seed's raw aggregation exactly after random ingest, retries and re-ratings", async () => {
    const me = await createWorkspace(app);
    const key = await createApiKeyActor(app, me);
    const agents = [await createAgent(app, me), await createAgent(app, me), await createAgent(app, me)];
    const r = rng(20261127);
    const now = Date.now();
    const items = Array.from({ length: 3000 }, () => ({
      id: randomUUID(),
      agentId: r.pick(agents).id,
      endUserId: r.next() < 0.9 ? `user-${r.zipf(60)}` : undefined,
      sessionId: `s-${r.int(1, 400)}`,
      createdAt: new Date(now - r.int(0, 29 * DAY + 3_600_000 * 20)).toISOString(),
      responseTimeMs: r.int(5, 5000),
      tokensIn: r.int(0, 2000),
      tokensOut: r.int(0, 2000),
      cost: r.int(0, 5_000_000) / 1e6,
      userRating: r.next() < 0.4 ? r.int(1, 5) : undefined,
    }));
    // Concurrent batches of 250 through the group commit, half by session and half by API key.
    const batches = Array.from({ length: 12 }, (_, i) => items.slice(i * 250, (i + 1) * 250));
    const results = await Promise.all(batches.map((b, i) => ingest(i % 2 ? key : me, { items: b })));
    expect(results.reduce((n, res) => n + parsed(res, IngestResult, 201).accepted, 0)).toBe(3000);

    // Retries with the same ids, alone and mixed with new rows: counted once.
    const retry = await ingest(me, { items: items.slice(0, 400) });
    expect(parsed(retry, IngestResult, 201)).toMatchObject({ accepted: 0, duplicates: 400 });
    const extra = { ...items[0]!, id: randomUUID() };
    const mixed = await ingest(me, { items: [items[1]!, extra, extra] });
    expect(parsed(mixed, IngestResult, 201)).toMatchObject({ accepted: 1, duplicates: 2 });
    items.push(extra);

    // Re-ratings: set, move between positive and negative, clear.
    for (let i = 0; i < 300; i++) {
      const it = items[r.int(0, items.length - 1)]!;
      const rating = r.next() < 0.2 ? null : r.int(1, 5);
      const res = await request(app, key, { method: "PATCH", url: `/api/v1/interactions/${it.id}`, payload: { userRating: rating } });
      expect(res.statusCode).toBe(200);
    }

    const from = new Date(now - 29 * DAY).toISOString().slice(0, 10);
    const to = today();
    // A range reaching today (unique users from agent_users) and one ending in the past (from user-days).
    const ranges = [
      [from, to],
      [new Date(now - 20 * DAY).toISOString().slice(0, 10), new Date(now - 4 * DAY).toISOString().slice(0, 10)],
    ] as const;
    for (const agent of agents) {
      for (const [period, unit, [from, to]] of (["daily", "weekly", "monthly"] as const).flatMap((p, i) =>
        ranges.map((range) => [p, (["day", "week", "month"] as const)[i]!, range] as const),
      )) {
        const res = await request(app, me, {
          method: "GET",
          url: `/api/v1/agents/${agent.id}/analytics?period=${period}&from=${from}&to=${to}`,
        });
        const body = parsed(res, AgentAnalytics);
        expect(body.series.map((s) => s.date)).toEqual([...body.series.map((s) => s.date)].sort().reverse());
        if (period === "daily") expect(body.series).toHaveLength(Math.round((Date.parse(to) - Date.parse(from)) / DAY) + 1);
        expectRowsEqual(body.series, await seedQuery(agent.id, from, to, unit));
        const [total] = await queryRows<RawRow>(
          app.database.db,
          sql`select count(*)::int as total_interactions, count(distinct end_user_id)::int as unique_users,
                avg(response_time_ms)::float8 as avg_response_time, sum(cost)::text as total_cost,
                count(case when user_rating >= 4 then 1 end)::int as positive_ratings,
                count(case when user_rating < 4 then 1 end)::int as negative_ratings,
                sum(tokens_in + tokens_out)::float8 as total_tokens
              from interactions where agent_id = ${agent.id}
                and created_at >= ${from}::date::timestamp at time zone 'UTC' and created_at < (${to}::date + 1)::timestamp at time zone 'UTC'`,
        );
        expect(body.totals).toMatchObject({
          totalInteractions: total!.total_interactions,
          uniqueUsers: total!.unique_users,
          positiveRatings: total!.positive_ratings,
          negativeRatings: total!.negative_ratings,
          totalTokens: total!.total_tokens,
        });
        expect(Math.abs(body.totals.totalCost - Number(total!.total_cost))).toBeLessThan(1e-6);
        expect(Math.abs(body.totals.avgResponseTime - total!.avg_response_time)).toBeLessThan(1e-6);
      }
    }

    // The workspace summary and the agents list metrics read the same rollups.
    const summary = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/analytics/summary?from=${from}&to=${to}` }),
      WorkspaceSummary,
    );
    const [ws] = await queryRows<{ n: number; u: number; cost: string; sat: number }>(
      app.database.db,
      sql`select count(*)::int as n, count(distinct end_user_id)::int as u, sum(cost)::text as cost, avg(user_rating)::float8 as sat
          from interactions where workspace_id = ${me.workspaceId}
            and created_at >= ${from}::date::timestamp at time zone 'UTC' and created_at < (${to}::date + 1)::timestamp at time zone 'UTC'`,
    );
    expect(summary).toMatchObject({ totalInteractions: ws!.n, uniqueUsers: ws!.u, activeAgents: 3 });
    expect(Math.abs(summary.totalCost - Number(ws!.cost))).toBeLessThan(1e-6);
    expect(Math.abs(summary.avgSatisfaction! - ws!.sat)).toBeLessThan(1e-9);
    const list = parsed(await request(app, me, { method: "GET", url: "/api/v1/agents" }), pageOf(Agent));
    expect(list.items.reduce((n, a) => n + a.metrics.totalInteractions, 0)).toBe(items.length); // lifetime, all days
  });

  it("keeps costs at real precision: stored and summed exactly to 12 decimal places", async () => {
    const me = await createWorkspace(app);
    const agent = await createAgent(app, me);
    // 123 tokens at $0.15 per million, and a float sum as a client computes it.
    const ok = await ingest(me, {
      items: [
        { agentId: agent.id, responseTimeMs: 1, cost: 0.00001845 },
        { agentId: agent.id, responseTimeMs: 1, cost: 0.1 + 0.2 },
      ],
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const stored = await queryRows<{ cost: string }>(
      app.database.db,
      sql`select cost::text as cost from interactions where agent_id = ${agent.id} order by cost`,
    );
    expect(stored.map((r) => r.cost)).toEqual(["0.000018450000", "0.300000000000"]);
    const [sum] = await queryRows<{ cost: string }>(
      app.database.db,
      sql`select sum(cost)::text as cost from interactions where agent_id = ${agent.id}`,
    );
    expect(sum?.cost).toBe("0.300018450000");
    const summary = parsed(await request(app, me, { method: "GET", url: "/api/v1/analytics/summary" }), WorkspaceSummary);
    expect(summary.totalCost).toBe(0.30001845);
    expect((await ingest(me, { agentId: agent.id, responseTimeMs: 1, cost: -0.000000001 })).statusCode).toBe(400);
  });

  it("refuses bad batches whole: nothing of the batch is written", async () => {
    const me = await createWorkspace(app);
    const other = await createWorkspace(app);
    const agent = await createAgent(app, me);
    const foreign = await createAgent(app, other);
    const good = { agentId: agent.id, responseTimeMs: 10 };
    const cases: [string, unknown, number][] = [
      ["unknown agent", { items: [good, { agentId: randomUUID(), responseTimeMs: 1 }] }, 404],
      ["another workspace's agent", { items: [good, { agentId: foreign.id, responseTimeMs: 1 }] }, 404],
      ["rating 6", { items: [good, { ...good, userRating: 6 }] }, 400],
      ["rating 0", { items: [good, { ...good, userRating: 0 }] }, 400],
      ["future date", { items: [good, { ...good, createdAt: new Date(Date.now() + 6 * 60_000).toISOString() }] }, 400],
      ["not a date", { items: [{ ...good, createdAt: "last tuesday" }] }, 400],
      ["1001 items", { items: Array.from({ length: 1001 }, () => good) }, 400],
      ["empty batch", { items: [] }, 400],
      ["oversize metadata", { items: [good, { ...good, metadata: { blob: "x".repeat(9000) } }] }, 400],
      ["negative response time", { items: [{ ...good, responseTimeMs: -1 }] }, 400],
      ["negative cost", { items: [{ ...good, cost: -0.5 }] }, 400],
      ["bad uuid", { items: [{ ...good, id: "123" }] }, 400],
      ["missing agentId", { responseTimeMs: 3 }, 400],
    ];
    for (const [name, payload, status] of cases) {
      const res = await ingest(me, payload);
      expect({ name, status: res.statusCode }).toEqual({ name, status });
      expect(ErrorBody.parse(res.json()).error.message.length).toBeGreaterThan(5);
    }
    const [count] = await queryRows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from interactions where workspace_id = ${me.workspaceId}`,
    );
    expect(count?.n).toBe(0);
    const [stats] = await queryRows<{ n: number }>(
      app.database.db,
      sql`select count(*)::int as n from agent_daily_stats where workspace_id = ${me.workspaceId}`,
    );
    expect(stats?.n).toBe(0);
  });

  it("lists newest first with filters and keyset pages, and exports CSV and JSON Lines", async () => {
    const me = await createWorkspace(app);
    const a = await createAgent(app, me);
    const b = await createAgent(app, me);
    const base = Date.now() - 3 * DAY;
    const items = Array.from({ length: 25 }, (_, i) => ({
      agentId: i % 2 ? a.id : b.id,
      createdAt: new Date(base + i * 60_000).toISOString(),
      responseTimeMs: i,
      endUserId: i % 3 ? "alice" : "bob",
      userRating: (i % 5) + 1,
      input: i === 0 ? 'He said "hi", then left\n=1+1' : i === 1 ? "=HYPERLINK(1)" : `q${i}`,
    }));
    expect((await ingest(me, { items })).statusCode).toBe(201);

    const seen: Interaction[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Interaction> = parsed(
        await request(app, me, { method: "GET", url: `/api/v1/interactions?limit=10${cursor ? `&cursor=${cursor}` : ""}` }),
        Interactions,
      );
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.map((i) => i.responseTimeMs)).toEqual(items.map((i) => i.responseTimeMs).reverse());

    const filtered = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/interactions?agentId=${a.id}&endUserId=alice&minRating=4` }),
      Interactions,
    );
    const expected = items.filter((i) => i.agentId === a.id && i.endUserId === "alice" && i.userRating >= 4);
    expect(filtered.items.map((i) => i.responseTimeMs).sort((x, y) => x - y)).toEqual(expected.map((i) => i.responseTimeMs));

    const csv = await request(app, me, { method: "GET", url: "/api/v1/interactions/export?format=csv" });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.headers["content-disposition"]).toMatch(/attachment; filename="interactions-.*\.csv"/);
    const lines = csv.body.trimEnd().split("\n");
    expect(lines[0]).toBe(
      "id,agentId,taskId,sessionId,endUserId,createdAt,responseTimeMs,tokensIn,tokensOut,cost,userRating,input,output,metadata",
    );
    expect(csv.body).toContain(`"He said ""hi"", then left\n=1+1"`);
    expect(csv.body).toContain(`"'=HYPERLINK(1)"`); // a formula is neutralised for spreadsheets
    expect(lines).toHaveLength(1 + 25 + 1); // header, rows, one embedded newline

    const jsonl = await request(app, me, { method: "GET", url: `/api/v1/interactions/export?format=jsonl&agentId=${b.id}` });
    expect(jsonl.headers["content-type"]).toBe("application/x-ndjson");
    const rows = jsonl.body
      .trimEnd()
      .split("\n")
      .map((l) => Interaction.parse(JSON.parse(l)));
    expect(rows).toHaveLength(13);
    expect(new Set(rows.map((r) => r.agentId))).toEqual(new Set([b.id]));

    expect((await request(app, me, { method: "GET", url: "/api/v1/interactions?from=2026-02-01&to=2026-01-01" })).statusCode).toBe(400);
    expect((await request(app, me, { method: "GET", url: "/api/v1/interactions/export?format=xml" })).statusCode).toBe(400);
  });

  it("names each interaction's agent (a deleted one too) in one statement, and refuses a filter that is not an agent id", async () => {
    const me = await createWorkspace(app);
    const support = await createAgent(app, me, { name: "Support bot" });
    const gone = await createAgent(app, me, { name: "Retired bot" });
    const base = Date.now() - DAY;
    const items = [support, gone, support].map((agent, i) => ({
      agentId: agent.id,
      createdAt: new Date(base + i * 1000).toISOString(),
      responseTimeMs: 10,
      input: `question ${i}`,
    }));
    expect((await ingest(me, { items })).statusCode).toBe(201);
    expect((await request(app, me, { method: "DELETE", url: `/api/v1/agents/${gone.id}` })).statusCode).toBe(204);

    const res = await request(app, me, { method: "GET", url: "/api/v1/interactions" });
    const page = parsed(res, Interactions);
    expect(page.items.map((i) => [i.agentName, i.input])).toEqual([
      ["Support bot", "question 2"],
      ["Retired bot", "question 1"],
      ["Support bot", "question 0"],
    ]);
    expect(queriesOf(res)).toBe(1); // the page and its names in one statement
    const filtered = parsed(await request(app, me, { method: "GET", url: `/api/v1/interactions?agentId=${gone.id}` }), Interactions);
    expect(filtered.items.map((i) => i.agentName)).toEqual(["Retired bot"]);
    const jsonl = await request(app, me, { method: "GET", url: `/api/v1/interactions/export?format=jsonl&agentId=${support.id}` });
    expect(
      jsonl.body
        .trimEnd()
        .split("\n")
        .map((l) => Interaction.parse(JSON.parse(l)).agentName),
    ).toEqual(["Support bot", "Support bot"]);

    const bad = await request(app, me, { method: "GET", url: "/api/v1/interactions?agentId=Support%20bot" });
    expect(parsed(bad, ErrorBody, 400).error.message).toBe("querystring.agentId: must be a UUID");
  });

  it("rates only the caller's interactions and keeps ratings 1-5 or null", async () => {
    const me = await createWorkspace(app);
    const other = await createWorkspace(app);
    const agent = await createAgent(app, me);
    const { ids } = parsed(await ingest(me, { agentId: agent.id, responseTimeMs: 5, userRating: 2 }), IngestResult, 201);
    const id = ids[0]!;
    expect((await request(app, other, { method: "PATCH", url: `/api/v1/interactions/${id}`, payload: { userRating: 5 } })).statusCode).toBe(
      404,
    );
    expect((await request(app, me, { method: "PATCH", url: `/api/v1/interactions/${id}`, payload: { userRating: 7 } })).statusCode).toBe(
      400,
    );
    expect(
      (await request(app, me, { method: "PATCH", url: `/api/v1/interactions/${randomUUID()}`, payload: { userRating: 3 } })).statusCode,
    ).toBe(404);
    const moved = await request(app, me, { method: "PATCH", url: `/api/v1/interactions/${id}`, payload: { userRating: 5 } });
    expect(parsed(moved, RatingChange)).toEqual({ id, userRating: 5, previousRating: 2 });
    const analytics = parsed(await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics` }), AgentAnalytics);
    expect(analytics.totals).toMatchObject({ positiveRatings: 1, negativeRatings: 0, totalInteractions: 1 });
    await request(app, me, { method: "PATCH", url: `/api/v1/interactions/${id}`, payload: { userRating: null } });
    const cleared = parsed(await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics` }), AgentAnalytics);
    expect(cleared.totals).toMatchObject({ positiveRatings: 0, negativeRatings: 0 });
    const detail = parsed(await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}` }), AgentDetail);
    expect(detail.metrics.userSatisfaction).toBeNull();
  });

  it("answers analytics only for the caller's live agents and validates ranges", async () => {
    const me = await createWorkspace(app);
    const other = await createWorkspace(app);
    const agent = await createAgent(app, me);
    expect((await request(app, other, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics` })).statusCode).toBe(404);
    expect((await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics?period=hourly` })).statusCode).toBe(400);
    expect(
      (await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics?from=2026-05-01&to=2026-04-01` })).statusCode,
    ).toBe(400);
    expect((await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics?from=2026-02-30` })).statusCode).toBe(400);
    expect(
      (await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics?from=1990-01-01&to=2026-01-01` })).statusCode,
    ).toBe(400);
    const monthly = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics?period=monthly&from=2026-01-15&to=2026-04-02` }),
      AgentAnalytics,
    );
    expect(monthly.series.map((s) => s.date)).toEqual(["2026-04-01", "2026-03-01", "2026-02-01", "2026-01-01"]);
    await request(app, me, { method: "DELETE", url: `/api/v1/agents/${agent.id}` });
    expect((await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/analytics` })).statusCode).toBe(404);
  });
});
