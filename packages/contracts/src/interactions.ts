import { z } from "zod";
import { Cursor, Limit, Uuid } from "./common.js";

export const MAX_BATCH = 1000;
const FUTURE_SLACK_MS = 5 * 60_000;
const MIN_DATE = Date.UTC(2000, 0, 1);

const Rating = z.number().int("userRating must be a whole number").min(1, "userRating must be 1-5").max(5, "userRating must be 1-5");

/**
 * A cost in dollars, at any precision a float carries (123 tokens at $0.15 per million is
 * 0.00001845; 0.1 + 0.2 is 0.30000000000000004): stored and summed at 12 decimal places.
 */
const Cost = z.number().min(0, "cost must be ≥ 0").max(1e9, "cost is too large");

const Timestamp = z.iso
  .datetime({ offset: true, message: "createdAt must be an ISO-8601 date-time" })
  .refine((s) => Date.parse(s) <= Date.now() + FUTURE_SLACK_MS, "createdAt is more than 5 minutes in the future")
  .refine((s) => Date.parse(s) >= MIN_DATE, "createdAt is before 2000-01-01");

const ShortText = (name: string) => z.string().min(1, `${name} must not be empty`).max(200, `${name} must be at most 200 characters`);

export const InteractionInput = z.object({
  id: Uuid.optional(),
  agentId: Uuid,
  taskId: Uuid.optional(),
  sessionId: ShortText("sessionId").optional(),
  endUserId: ShortText("endUserId").optional(),
  createdAt: Timestamp.optional(),
  responseTimeMs: z.number().int("responseTimeMs must be a whole number of ms").min(0).max(86_400_000),
  tokensIn: z.number().int().min(0).max(100_000_000).default(0),
  tokensOut: z.number().int().min(0).max(100_000_000).default(0),
  cost: Cost.default(0),
  userRating: Rating.optional(),
  input: z.string().max(100_000, "input must be at most 100,000 characters").optional(),
  output: z.string().max(100_000, "output must be at most 100,000 characters").optional(),
  metadata: z
    .record(z.string(), z.unknown())
    .refine((m) => JSON.stringify(m).length <= 8_192, "metadata must be at most 8 KiB of JSON")
    .optional(),
});
export type InteractionInput = z.infer<typeof InteractionInput>;

/**
 * `{items: [...]}` with up to 1000 interactions, or one interaction on its own (then treated as
 * `{items: [it]}`, so its errors name `items.0.<field>`).
 */
export const IngestBody = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && !("items" in v) ? { items: [v] } : v),
  z.object({
    items: z.array(InteractionInput).min(1, "items must not be empty").max(MAX_BATCH, `at most ${MAX_BATCH} items per request`),
  }),
);
export type IngestBody = z.infer<typeof IngestBody>;

export const IngestResult = z.object({ ids: z.array(Uuid), accepted: z.number(), duplicates: z.number() });
export type IngestResult = z.infer<typeof IngestResult>;

export const RateBody = z.object({ userRating: Rating.nullable() });
/** A rating set (or cleared), and the one it replaced. */
export const RatingChange = z.object({ id: z.string(), userRating: z.number().nullable(), previousRating: z.number().nullable() });
export type RatingChange = z.infer<typeof RatingChange>;

export const Interaction = z.object({
  id: Uuid,
  agentId: Uuid,
  /** The agent's current name (its name is kept after it is deleted). */
  agentName: z.string().nullable(),
  taskId: Uuid.nullable(),
  sessionId: z.string().nullable(),
  endUserId: z.string().nullable(),
  createdAt: z.string(),
  responseTimeMs: z.number(),
  tokensIn: z.number(),
  tokensOut: z.number(),
  cost: z.number(),
  userRating: z.number().nullable(),
  input: z.string().nullable(),
  output: z.string().nullable(),
  metadata: z.unknown(),
});
export type Interaction = z.infer<typeof Interaction>;

const Day = z.iso.date({ message: "must be a date YYYY-MM-DD" });

export const InteractionFilters = z.object({
  agentId: Uuid.optional(),
  sessionId: z.string().max(200).optional(),
  endUserId: z.string().max(200).optional(),
  from: Day.optional(),
  to: Day.optional(),
  minRating: z.coerce.number().int().min(1).max(5).optional(),
});
export const InteractionListQuery = InteractionFilters.extend({ limit: Limit, cursor: Cursor });
export type InteractionListQuery = z.infer<typeof InteractionListQuery>;
export const ExportQuery = InteractionFilters.extend({ format: z.enum(["csv", "jsonl"]).default("csv") });
export type ExportQuery = z.infer<typeof ExportQuery>;

export const Period = z.enum(["daily", "weekly", "monthly"]);
export type Period = z.infer<typeof Period>;

export const AnalyticsQuery = z.object({ period: Period.default("daily"), from: Day.optional(), to: Day.optional() });
export const SummaryQuery = z.object({ from: Day.optional(), to: Day.optional() });

export const AnalyticsRow = z.object({
  date: z.string(),
  totalInteractions: z.number(),
  uniqueUsers: z.number(),
  avgResponseTime: z.number(),
  positiveRatings: z.number(),
  negativeRatings: z.number(),
  totalTokens: z.number(),
  totalCost: z.number(),
});
export type AnalyticsRow = z.infer<typeof AnalyticsRow>;

export const AgentAnalytics = z.object({
  agentId: Uuid,
  period: Period,
  from: z.string(),
  to: z.string(),
  series: z.array(AnalyticsRow),
  totals: AnalyticsRow.omit({ date: true }),
});
export type AgentAnalytics = z.infer<typeof AgentAnalytics>;

export const WorkspaceSummary = z.object({
  from: z.string(),
  to: z.string(),
  totalInteractions: z.number(),
  avgResponseTime: z.number(),
  totalCost: z.number(),
  avgSatisfaction: z.number().nullable(),
  uniqueUsers: z.number(),
  activeAgents: z.number(),
});
export type WorkspaceSummary = z.infer<typeof WorkspaceSummary>;
