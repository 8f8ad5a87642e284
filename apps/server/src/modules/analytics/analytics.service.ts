import type { AgentAnalytics, AnalyticsRow, Period, WorkspaceSummary } from "@vta/contracts";
import type { Cache, Entry } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { badRequest, notFound } from "../../platform/http/errors.js";
import * as repo from "./analytics.repository.js";

const DAY_MS = 86_400_000;
const MAX_RANGE_DAYS = 3_660;
/** A summed cost as the API gives it: 12 decimal places, as stored (0.30001845, not 0.30001845000000004). */
const cost12 = (n: number) => Number(n.toFixed(12));

/** The requested UTC day range; the last 30 days (today included) by default. */
export function resolveRange(from?: string, to?: string, now = Date.now()): { from: string; to: string } {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const end = to ?? day(now);
  const start = from ?? day(Date.parse(end) - 29 * DAY_MS);
  if (start > end) throw badRequest("from must be on or before to");
  if ((Date.parse(end) - Date.parse(start)) / DAY_MS > MAX_RANGE_DAYS)
    throw badRequest(`the range may span at most ${MAX_RANGE_DAYS} days`);
  return { from: start, to: end };
}

function toRow(r: Omit<repo.BucketRow, "bucket" | "total_unique_users">, uniqueUsers: number): Omit<AnalyticsRow, "date"> {
  return {
    totalInteractions: r.interactions,
    uniqueUsers,
    avgResponseTime: r.interactions ? r.response_time_sum / r.interactions : 0,
    positiveRatings: r.positive,
    negativeRatings: r.negative,
    totalTokens: r.tokens,
    totalCost: cost12(r.cost),
  };
}

const TTL_MS = 10 * 60_000;

/** Methods take the request's `db`; `baseDb` serves cache warming. */
export function createAnalyticsService(baseDb: Db, cache: Cache) {
  const service = {
    /** Cached per agent and query; every flush that touches the agent invalidates it. */
    agentCached(db: Db, workspaceId: string, agentId: string, q: { period: Period; from?: string; to?: string }): Promise<Entry> {
      const range = resolveRange(q.from, q.to);
      return cache.getOrLoad(
        ns.analytics(agentId),
        `${workspaceId}:${q.period}:${range.from}:${range.to}`,
        async () => JSON.stringify(await service.agent(db, workspaceId, agentId, { period: q.period, ...range })),
        { ttlMs: TTL_MS, warm: { kind: "analytics.agent", args: { workspaceId, agentId, q } } },
      );
    },

    summaryCached(db: Db, workspaceId: string, q: { from?: string; to?: string }): Promise<Entry> {
      const range = resolveRange(q.from, q.to);
      return cache.getOrLoad(
        ns.summary(workspaceId),
        `${range.from}:${range.to}`,
        async () => JSON.stringify(await service.summary(db, workspaceId, range)),
        { ttlMs: TTL_MS, warm: { kind: "analytics.summary", args: { workspaceId, q } } },
      );
    },

    async agent(db: Db, workspaceId: string, agentId: string, q: { period: Period; from?: string; to?: string }): Promise<AgentAnalytics> {
      const range = resolveRange(q.from, q.to);
      const rows = await repo.agentBuckets(db, { workspaceId, agentId, period: q.period, ...range });
      if (rows.length === 0) throw notFound("Agent");
      const sum = (k: keyof Omit<repo.BucketRow, "bucket">) => rows.reduce((acc, r) => acc + r[k], 0);
      const totals = toRow(
        {
          interactions: sum("interactions"),
          unique_users: 0,
          response_time_sum: sum("response_time_sum"),
          positive: sum("positive"),
          negative: sum("negative"),
          tokens: sum("tokens"),
          cost: sum("cost"),
        },
        rows[0]!.total_unique_users,
      );
      return {
        agentId,
        period: q.period,
        ...range,
        series: rows.map((r) => ({ date: r.bucket, ...toRow(r, r.unique_users) })),
        totals,
      };
    },

    async summary(db: Db, workspaceId: string, q: { from?: string; to?: string }): Promise<WorkspaceSummary> {
      const range = resolveRange(q.from, q.to);
      const r = await repo.workspaceSummary(db, { workspaceId, ...range });
      return {
        ...range,
        totalInteractions: r.interactions,
        avgResponseTime: r.interactions ? r.response_time_sum / r.interactions : 0,
        totalCost: cost12(r.cost),
        avgSatisfaction: r.rated ? r.rating_sum / r.rated : null,
        uniqueUsers: r.unique_users,
        activeAgents: r.active_agents,
      };
    },
  };
  cache.registerWarmer("analytics.agent", (a: { workspaceId: string; agentId: string; q: { period: Period } }) =>
    service.agentCached(baseDb, a.workspaceId, a.agentId, a.q),
  );
  cache.registerWarmer("analytics.summary", (a: { workspaceId: string; q: object }) => service.summaryCached(baseDb, a.workspaceId, a.q));
  return service;
}

export type AnalyticsService = ReturnType<typeof createAnalyticsService>;
