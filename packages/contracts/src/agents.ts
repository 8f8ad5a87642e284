import { z } from "zod";
import { Cursor, Limit, Uuid } from "./common.js";

export const AgentStatus = z.enum(["active", "inactive"]);
export type AgentStatus = z.infer<typeof AgentStatus>;

export const AgentRole = z.enum(["general", "requirements", "architect", "verifier", "transcriber", "assistant"]);
export type AgentRole = z.infer<typeof AgentRole>;

export const Provider = z.enum(["builtin", "openai"]);

export const AgentConfig = z.object({
  provider: Provider.default("builtin"),
  model: z.string().trim().min(1).max(120).default("builtin-nlp-1"),
  temperature: z.number().min(0).max(2).default(0.2),
  systemPrompt: z.string().max(20_000).default(""),
  maxTokens: z.number().int().min(1).max(200_000).default(2048),
  priceInputPer1k: z.number().min(0).max(1000).default(0),
  priceOutputPer1k: z.number().min(0).max(1000).default(0),
});
export type AgentConfig = z.infer<typeof AgentConfig>;

const Name = z.string().trim().min(1, "name is required").max(120);
const Description = z.string().max(2000);

export const CreateAgentBody = z.object({
  name: Name,
  description: Description.default(""),
  role: AgentRole.default("general"),
  status: AgentStatus.default("active"),
  config: AgentConfig.partial().default({}),
});
export type CreateAgentBody = z.infer<typeof CreateAgentBody>;

export const UpdateAgentBody = z
  .object({
    name: Name,
    description: Description,
    role: AgentRole,
    status: AgentStatus,
    config: AgentConfig.partial(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: "nothing to update" });
export type UpdateAgentBody = z.infer<typeof UpdateAgentBody>;

export const TaskStatus = z.enum(["pending", "in_progress", "completed", "failed"]);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Bounded JSON: task input/output are stored as jsonb; 64 KiB is plenty for a task. */
export const BoundedJson = z
  .unknown()
  .refine((v) => v === undefined || JSON.stringify(v).length <= 65_536, "must be at most 64 KiB of JSON");

export const Task = z.object({
  id: Uuid,
  agentId: Uuid,
  title: z.string(),
  kind: z.string(),
  status: TaskStatus,
  input: z.unknown(),
  output: z.unknown(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

export const CreateTaskBody = z.object({
  title: z.string().trim().min(1, "title is required").max(300),
  kind: z.string().trim().min(1).max(60).default("general"),
  input: BoundedJson.optional(),
});
export const UpdateTaskBody = z.object({ status: TaskStatus, output: BoundedJson.optional() });
export const TaskListQuery = z.object({ status: TaskStatus.optional() });
export const TaskParams = z.object({ id: Uuid, taskId: Uuid });

/** What a card shows of a recent task; the detail carries whole tasks. */
export const TaskSummary = Task.pick({ id: true, title: true, status: true, createdAt: true });
export type TaskSummary = z.infer<typeof TaskSummary>;

export const AgentMetrics = z.object({
  totalInteractions: z.number(),
  averageResponseTime: z.number(),
  totalCost: z.number(),
  userSatisfaction: z.number().nullable(),
});
export const TaskCounts = z.object({
  pending: z.number(),
  inProgress: z.number(),
  completed: z.number(),
  failed: z.number(),
});

export const Agent = z.object({
  id: Uuid,
  workspaceId: Uuid,
  name: z.string(),
  description: z.string(),
  role: AgentRole,
  status: AgentStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  config: AgentConfig,
  metrics: AgentMetrics,
  taskCounts: TaskCounts,
  recentTasks: z.array(TaskSummary),
});
export type Agent = z.infer<typeof Agent>;

export const AgentDetail = Agent.extend({ openTasks: z.array(Task) });
export type AgentDetail = z.infer<typeof AgentDetail>;

export const AgentListQuery = z.object({
  search: z.string().max(200, "search must be at most 200 characters").optional(),
  status: AgentStatus.optional(),
  limit: Limit,
  cursor: Cursor,
});
export type AgentListQuery = z.infer<typeof AgentListQuery>;
