/**
 * The seed's two ways of loading a page of agent cards, ported to our schema, kept only as the
 * reference our single statement is measured against. Both build exactly the card our list serves
 * (config, lifetime metrics, task counts, 5 most recent tasks) in application code, as an ORM user
 * would from the loaded objects.
 *
 * - `loadNPlusOne`: the "before" — one query for the page, then lazy loads per agent of its tasks,
 *   its metrics and its config (1 + 3 × page size statements).
 * - `loadSelectIn`: the seed's `selectinload` — one query for the page, then one `WHERE agent_id IN
 *   (…)` per relationship: tasks, metrics, config (4 statements). The seed also selectin-loads
 *   every interaction of every task; a card shows none, so that level is left out (it would only
 *   make the reference slower).
 *
 * "Metrics" in the seed is one pre-aggregated row per agent; ours are daily rollups, so the
 * reference's metrics load sums them per agent in SQL and stays one row per agent, as the seed's.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../apps/server/src/platform/db/client.js";
import { queryRows, toIso } from "../../apps/server/src/platform/db/rows.js";
import type { Agent } from "@vta/contracts";

interface AgentRecord {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  role: string;
  status: string;
  created_at: string;
  updated_at: string;
}
interface TaskRecord {
  id: string;
  agent_id: string;
  title: string;
  status: string;
  created_at: string;
}
interface MetricsRecord {
  agent_id: string;
  interactions: number;
  response_time_sum: number;
  cost: number;
  rated: number;
  rating_sum: number;
}
interface ConfigRecord {
  agent_id: string;
  provider: string;
  model: string;
  temperature: number;
  system_prompt: string;
  max_tokens: number;
  price_input_per_1k: number;
  price_output_per_1k: number;
}

/** The card as our API serves it (`Agent`), so every loader answers with the same JSON. */
export type Card = Agent;

const round = (n: number, places: number) => Math.round(n * 10 ** places) / 10 ** places;

const pageQuery = (workspaceId: string, limit: number) => sql`
  select id, workspace_id, name, description, role, status, created_at, updated_at from agents
  where workspace_id = ${workspaceId} and deleted_at is null
  order by created_at desc, id desc limit ${limit}`;

const tasksOf = (where: ReturnType<typeof sql>) => sql`
  select id, agent_id, title, status, created_at from agent_tasks where ${where}`;
const metricsOf = (where: ReturnType<typeof sql>) => sql`
  select agent_id, sum(interactions)::float8 as interactions, sum(response_time_sum)::float8 as response_time_sum,
    sum(cost)::float8 as cost, sum(positive_ratings + negative_ratings)::float8 as rated, sum(rating_sum)::float8 as rating_sum
  from agent_daily_stats where ${where} group by agent_id`;
const configOf = (where: ReturnType<typeof sql>) => sql`
  select agent_id, provider, model, temperature, system_prompt, max_tokens,
    price_input_per_1k::float8 as price_input_per_1k, price_output_per_1k::float8 as price_output_per_1k
  from agent_configs where ${where}`;

function card(agent: AgentRecord, tasks: TaskRecord[], metrics: MetricsRecord | undefined, config: ConfigRecord): Card {
  const taskCounts = { pending: 0, inProgress: 0, completed: 0, failed: 0 };
  for (const t of tasks) taskCounts[t.status === "in_progress" ? "inProgress" : (t.status as "pending" | "completed" | "failed")]++;
  const recent = tasks
    .map((t) => ({ ...t, at: toIso(t.created_at) }))
    .sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1))
    .slice(0, 5);
  const n = metrics?.interactions ?? 0;
  const rated = metrics?.rated ?? 0;
  return {
    id: agent.id,
    workspaceId: agent.workspace_id,
    name: agent.name,
    description: agent.description,
    role: agent.role as Card["role"],
    status: agent.status as Card["status"],
    createdAt: toIso(agent.created_at),
    updatedAt: toIso(agent.updated_at),
    config: {
      provider: config.provider as Card["config"]["provider"],
      model: config.model,
      temperature: config.temperature,
      systemPrompt: config.system_prompt,
      maxTokens: config.max_tokens,
      priceInputPer1k: config.price_input_per_1k,
      priceOutputPer1k: config.price_output_per_1k,
    },
    metrics: {
      totalInteractions: n,
      averageResponseTime: n ? round((metrics?.response_time_sum ?? 0) / n, 2) : 0,
      totalCost: round(metrics?.cost ?? 0, 6),
      userSatisfaction: rated ? round((metrics?.rating_sum ?? 0) / rated, 2) : null,
    },
    taskCounts,
    recentTasks: recent.map((t) => ({
      id: t.id,
      title: t.title,
      status: t.status as Card["recentTasks"][number]["status"],
      createdAt: t.at,
    })),
  };
}

export interface Loaded {
  cards: Card[];
  statements: number;
}

/** Lazy loading: every relationship of every agent is its own round trip. */
export async function loadNPlusOne(db: Db, workspaceId: string, limit: number): Promise<Loaded> {
  const agents = await queryRows<AgentRecord>(db, pageQuery(workspaceId, limit));
  const cards: Card[] = [];
  for (const a of agents) {
    const tasks = await queryRows<TaskRecord>(db, tasksOf(sql`agent_id = ${a.id}`));
    const [metrics] = await queryRows<MetricsRecord>(db, metricsOf(sql`agent_id = ${a.id}`));
    const [config] = await queryRows<ConfigRecord>(db, configOf(sql`agent_id = ${a.id}`));
    cards.push(card(a, tasks, metrics, config!));
  }
  return { cards, statements: 1 + 3 * agents.length };
}

/** selectinload: one `IN (…)` query per relationship, joined up in memory. */
export async function loadSelectIn(db: Db, workspaceId: string, limit: number): Promise<Loaded> {
  const agents = await queryRows<AgentRecord>(db, pageQuery(workspaceId, limit));
  const ids = sql`agent_id = any(${`{${agents.map((a) => a.id).join(",")}}`}::uuid[])`;
  const [tasks, metrics, configs] = [
    await queryRows<TaskRecord>(db, tasksOf(ids)),
    await queryRows<MetricsRecord>(db, metricsOf(ids)),
    await queryRows<ConfigRecord>(db, configOf(ids)),
  ];
  const tasksBy = new Map<string, TaskRecord[]>();
  for (const t of tasks) tasksBy.set(t.agent_id, [...(tasksBy.get(t.agent_id) ?? []), t]);
  const metricsBy = new Map(metrics.map((m) => [m.agent_id, m]));
  const configBy = new Map(configs.map((c) => [c.agent_id, c]));
  return { cards: agents.map((a) => card(a, tasksBy.get(a.id) ?? [], metricsBy.get(a.id), configBy.get(a.id)!)), statements: 4 };
}
