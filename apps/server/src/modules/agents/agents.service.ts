import {
  AgentConfig,
  type Agent,
  type AgentDetail,
  type AgentListQuery,
  type CreateAgentBody,
  type Task,
  type TaskStatus,
  type UpdateAgentBody,
} from "@vta/contracts";
import type { Cache, Entry } from "../../platform/cache/cache.js";
import { ns } from "../../platform/cache/namespaces.js";
import type { Db } from "../../platform/db/client.js";
import { toIso, toIsoOrNull } from "../../platform/db/rows.js";
import { decodeCursor, keysetPage, likePattern } from "../../platform/http/cursor.js";
import { notFound } from "../../platform/http/errors.js";
import * as repo from "./agents.repository.js";

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

export function serializeTask(t: repo.TaskRow): Task {
  return {
    id: t.id,
    agentId: t.agent_id,
    title: t.title,
    kind: t.kind,
    status: t.status,
    input: t.input ?? null,
    output: t.output ?? null,
    createdAt: toIso(t.created_at),
    startedAt: toIsoOrNull(t.started_at),
    completedAt: toIsoOrNull(t.completed_at),
  };
}

function serializeAgent(row: repo.AgentRow): Agent {
  const m = row.metrics;
  const n = Number(m.totalInteractions);
  const rated = Number(m.rated);
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    description: row.description,
    role: row.role,
    status: row.status,
    createdAt: toIso(row.created_at),
    updatedAt: toIso(row.updated_at),
    config: row.config,
    metrics: {
      totalInteractions: n,
      averageResponseTime: n ? round(Number(m.responseTimeSum) / n, 2) : 0,
      totalCost: round(Number(m.totalCost), 6),
      userSatisfaction: rated ? round(Number(m.ratingSum) / rated, 2) : null,
    },
    taskCounts: row.task_counts,
    recentTasks: (row.recent_tasks ?? []).map((t) => ({ id: t.id, title: t.title, status: t.status, createdAt: toIso(t.created_at) })),
  };
}

const LIST_TTL_MS = 5 * 60_000;

/**
 * Methods take the request's `db` (its statements are charged to that request's Server-Timing);
 * `baseDb` serves background work such as warming the cache.
 */
export function createAgentsService(baseDb: Db, cache: Cache) {
  async function load(db: Db, workspaceId: string, id: string): Promise<AgentDetail> {
    const row = await repo.findAgent(db, workspaceId, id);
    if (!row) throw notFound("Agent");
    return { ...serializeAgent(row), openTasks: (row.open_tasks ?? []).map(serializeTask) };
  }

  const listKey = (q: AgentListQuery) => `list:${q.status ?? ""}|${q.limit}|${q.cursor ?? ""}|${q.search?.trim() ?? ""}`;
  const listWarm = (workspaceId: string, q: AgentListQuery) =>
    // Only first pages are worth warming: they are what people open.
    q.cursor ? undefined : { kind: "agents.list", args: { workspaceId, q } };

  async function list(db: Db, workspaceId: string, q: AgentListQuery): Promise<Entry> {
    const cursor = decodeCursor(q.cursor);
    const search = q.search?.trim() ? likePattern(q.search.trim()) : undefined;
    const key = listKey(q);
    return cache.getOrLoad(
      ns.agents(workspaceId),
      key,
      async () => {
        const rows = await repo.listAgents(db, { workspaceId, status: q.status, search, cursor, limit: q.limit });
        return JSON.stringify(keysetPage(rows, q.limit, serializeAgent));
      },
      { ttlMs: LIST_TTL_MS, warm: listWarm(workspaceId, q) },
    );
  }

  const detailKey = (workspaceId: string) => `detail:${workspaceId}`;
  const detailWarm = (workspaceId: string, id: string) => ({ kind: "agents.detail", args: { workspaceId, id } });

  const get = (db: Db, workspaceId: string, id: string): Promise<Entry> =>
    cache.getOrLoad(ns.agent(id), detailKey(workspaceId), async () => JSON.stringify(await load(db, workspaceId, id)), {
      ttlMs: LIST_TTL_MS,
      warm: detailWarm(workspaceId, id),
    });

  cache.registerWarmer("agents.list", (a: { workspaceId: string; q: AgentListQuery }) => list(baseDb, a.workspaceId, a.q));
  cache.registerWarmer("agents.detail", (a: { workspaceId: string; id: string }) => get(baseDb, a.workspaceId, a.id));
  /** The workspace's lists, plus whatever else this write changed. */
  const changed = (workspaceId: string, ...more: string[]) => cache.invalidate(ns.agents(workspaceId), ...more);

  return {
    list,
    get,
    /** The cached answers synchronously, or undefined (then call list/get). */
    peekList: (workspaceId: string, q: AgentListQuery) => cache.peek(ns.agents(workspaceId), listKey(q), listWarm(workspaceId, q)),
    peekDetail: (workspaceId: string, id: string) => cache.peek(ns.agent(id), detailKey(workspaceId), detailWarm(workspaceId, id)),

    async create(db: Db, workspaceId: string, body: CreateAgentBody): Promise<AgentDetail> {
      const config = AgentConfig.parse(body.config);
      const row = await repo.insertAgent(db, { workspaceId, ...body, config });
      await changed(workspaceId, ns.summary(workspaceId));
      return {
        id: row.id,
        workspaceId,
        name: body.name,
        description: body.description,
        role: body.role,
        status: body.status,
        createdAt: toIso(row.created_at),
        updatedAt: toIso(row.updated_at),
        config,
        metrics: { totalInteractions: 0, averageResponseTime: 0, totalCost: 0, userSatisfaction: null },
        taskCounts: { pending: 0, inProgress: 0, completed: 0, failed: 0 },
        recentTasks: [],
        openTasks: [],
      };
    },

    async update(db: Db, workspaceId: string, id: string, patch: UpdateAgentBody): Promise<AgentDetail> {
      if (!(await repo.updateAgent(db, workspaceId, id, patch))) throw notFound("Agent");
      const versions = await changed(workspaceId, ns.summary(workspaceId), ns.agent(id));
      const detail = await load(db, workspaceId, id);
      // Write-through: the next read of this agent, on any node, is a hit.
      await cache.put(ns.agent(id), versions.get(ns.agent(id))!, detailKey(workspaceId), JSON.stringify(detail), LIST_TTL_MS);
      return detail;
    },

    async remove(db: Db, workspaceId: string, id: string): Promise<void> {
      if (!(await repo.softDeleteAgent(db, workspaceId, id))) throw notFound("Agent");
      await changed(workspaceId, ns.summary(workspaceId), ns.analytics(id), ns.agent(id));
    },

    async createTask(db: Db, workspaceId: string, agentId: string, task: { title: string; kind: string; input?: unknown }) {
      const row = await repo.insertTask(db, workspaceId, agentId, { ...task, input: task.input });
      if (!row) throw notFound("Agent");
      await changed(workspaceId, ns.agent(agentId));
      return serializeTask(row);
    },

    async listTasks(db: Db, workspaceId: string, agentId: string, status?: TaskStatus) {
      const rows = await repo.listTasks(db, workspaceId, agentId, status);
      if (!rows) throw notFound("Agent");
      return { items: rows.map(serializeTask) };
    },

    async updateTask(db: Db, workspaceId: string, agentId: string, taskId: string, patch: { status: TaskStatus; output?: unknown }) {
      const row = await repo.updateTask(db, workspaceId, agentId, taskId, { status: patch.status, output: patch.output });
      if (!row) throw notFound("Task");
      await changed(workspaceId, ns.agent(agentId));
      return serializeTask(row);
    },
  };
}

export type AgentsService = ReturnType<typeof createAgentsService>;
