import { z } from "zod";
import { AppSpec, Identifier, Label, RecordFilter, SortKey } from "./app-spec.js";
import { Provider } from "./agents.js";
import { Cursor, Limit, Uuid } from "./common.js";
import { Goal, Unclear } from "./goals.js";

/** What a person says: typed text, or a stored transcription of what they said. */
export const BuildRequest = z.union([
  z.object({
    text: z
      .string()
      .trim()
      .min(3, "describe the app in a few words")
      .max(10_000, "a description can be at most 10,000 characters; split it into a first version and refinements"),
  }),
  z.object({ transcriptionId: Uuid }),
]);
export type BuildRequest = z.infer<typeof BuildRequest>;

export const BuildStatus = z.enum(["queued", "running", "succeeded", "failed"]);
export type BuildStatus = z.infer<typeof BuildStatus>;

export const StageName = z.enum(["requirements", "architecture", "verification", "repair"]);
export type StageName = z.infer<typeof StageName>;

export const BuildStage = z.object({
  name: StageName,
  status: z.enum(["running", "succeeded", "failed"]),
  agentId: Uuid.nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** What the stage did, for people: "3 new goals", "added dueDate to task", … */
  summary: z.string(),
  /** The interaction this stage recorded (its agent's analytics). */
  interactionId: Uuid.optional(),
});
export type BuildStage = z.infer<typeof BuildStage>;

export const Build = z.object({
  id: Uuid,
  appId: Uuid,
  kind: z.enum(["create", "revise"]),
  text: z.string(),
  status: BuildStatus,
  stages: z.array(BuildStage),
  /** What the request said that the app does not (yet) reflect, with what to say instead. */
  unclear: z.array(Unclear),
  error: z.string().optional(),
  version: z.number().int().nullable(),
  rating: z.number().int().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type Build = z.infer<typeof Build>;

export const BuildAccepted = z.object({ appId: Uuid, buildId: Uuid });
export type BuildAccepted = z.infer<typeof BuildAccepted>;
export const RateBuildBody = z.object({ rating: z.number().int().min(1, "rating is 1 to 5").max(5, "rating is 1 to 5") });
export const BuildRating = z.object({ id: Uuid, rating: z.number().int() });
export type BuildRating = z.infer<typeof BuildRating>;

/** The agent a build stage runs as. */
export const PipelineAgent = z.object({ id: Uuid, name: z.string(), provider: Provider, model: z.string() });
/** Each build stage's agent; null for a stage without an active one. */
export const PipelineAgents = z.object({
  requirements: PipelineAgent.nullable(),
  architect: PipelineAgent.nullable(),
  verifier: PipelineAgent.nullable(),
});
export type PipelineAgents = z.infer<typeof PipelineAgents>;

export const AppSummary = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  goals: z.object({ met: z.number().int(), unmet: z.number().int(), retired: z.number().int() }),
  updatedAt: z.string(),
});
export type AppSummary = z.infer<typeof AppSummary>;

export const AppDetail = z.object({
  id: Uuid,
  name: z.string(),
  description: z.string(),
  version: z.number().int(),
  /** Null until the first build succeeds. */
  spec: AppSpec.nullable(),
  goals: z.array(Goal),
  shareToken: z.string().nullable(),
  updatedAt: z.string(),
});
export type AppDetail = z.infer<typeof AppDetail>;

/** The app's read-only link: its token, or null once revoked. */
export const ShareLink = z.object({ shareToken: z.string().nullable() });
export type ShareLink = z.infer<typeof ShareLink>;

export const AppVersion = z.object({ version: z.number().int(), summary: z.string(), buildId: Uuid.nullable(), createdAt: z.string() });
export type AppVersion = z.infer<typeof AppVersion>;
export const AppVersionDetail = AppVersion.extend({ spec: AppSpec });

export const VersionParams = z.object({ id: Uuid, version: z.coerce.number().int().min(1) });
export const DiffQuery = z.object({ from: z.coerce.number().int().min(1), to: z.coerce.number().int().min(1) });

/** One line of a version diff, for people and for tests. */
export const SpecChange = z.object({
  op: z.enum(["added", "removed", "changed"]),
  path: z.string(),
  description: z.string(),
});
export type SpecChange = z.infer<typeof SpecChange>;
/** What changed from one version to another. */
export const AppDiff = z.object({ from: z.number(), to: z.number(), changes: z.array(SpecChange) });
export type AppDiff = z.infer<typeof AppDiff>;

export const RecordParams = z.object({ id: Uuid, entity: z.string().min(1).max(64) });
export const RecordIdParams = RecordParams.extend({ recordId: Uuid });
/** A query parameter holding JSON, checked by `schema`; a 400 says what it must be (`shape`) and what is wrong. */
function jsonParam<T extends z.ZodType>(name: string, schema: T, max: number, shape: string) {
  return z
    .string()
    .max(max, `${name} is too long`)
    .transform((text, ctx): z.output<T> => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const result = schema.safeParse(parsed);
      if (result.success) return result.data;
      const issue = result.error.issues[0];
      ctx.addIssue({
        code: "custom",
        message: `${name} must be ${shape}${issue && parsed !== undefined ? ` (${issue.path.join(".")}: ${issue.message})` : ""}`,
      });
      return z.NEVER;
    })
    .optional();
}

/** `filters` as JSON text in the query: `[{"field":"status","op":"in","value":["open"]}]`. */
const Filters = jsonParam("filters", z.array(RecordFilter).max(20, "at most 20 filters"), 4000, 'a JSON list of {"field", "op", "value"}');

/** Which records: a search over every text field, filters on fields, and the time zone that says what "today" is. */
export const RecordFilterQuery = z.object({
  search: z.string().max(200).optional(),
  filters: Filters,
  tz: z.string().max(64).optional(),
});
export const RecordListQuery = RecordFilterQuery.extend({
  sort: SortKey.optional(),
  limit: Limit,
  cursor: Cursor,
});

export const RecordStatsQuery = RecordFilterQuery;
/** `references=clear`: delete a record other records link to, leaving them without the link (otherwise 409 says which). */
export const RecordDeleteQuery = z.object({ references: z.enum(["clear"], { message: "references must be clear" }).optional() });
/** Totals over every record the filters let through; `avg`, `min`, `max` are null when no record has a value. */
export const RecordStats = z.object({
  count: z.number().int(),
  fields: z.record(
    z.string(),
    z.object({
      count: z.number().int(),
      sum: z.number(),
      avg: z.number().nullable(),
      min: z.number().nullable(),
      max: z.number().nullable(),
    }),
  ),
});
export type RecordStats = z.infer<typeof RecordStats>;
/** Records grouped by a field (a chart's series, a board's column counts): per day, week, month or year for dates. */
export const RecordGroupsQuery = RecordFilterQuery.extend({
  groupBy: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, "groupBy is a field name"),
  /** A number or money field summed per group (counted only when absent). */
  measure: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, "measure is a field name")
    .optional(),
  period: z.enum(["day", "week", "month", "year"], { message: "period must be day, week, month or year" }).default("month"),
});
/** Groups in the field's order (options as listed, dates in time, others by count); `value` null holds the records with none. */
export const RecordGroups = z.object({
  groups: z.array(
    z.object({
      value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
      /** What a person reads: an option, a period's first day, a linked record's first text. */
      label: z.string(),
      count: z.number().int(),
      sum: z.number().nullable(),
    }),
  ),
  /** More groups exist than the 200 answered (the rest have the fewest records). */
  truncated: z.boolean(),
});
export type RecordGroups = z.infer<typeof RecordGroups>;
/** `onError=reject` imports nothing when any row is bad (422 lists them); `skip` (the default) imports the good rows and lists the others. */
export const RecordImportQuery = z.object({
  onError: z.enum(["skip", "reject"], { message: "onError must be skip or reject" }).default("skip"),
  /** Which field each column fills, in the file's order ("" leaves a column out), as JSON; without it the header row's names or labels say. */
  columns: jsonParam(
    "columns",
    z.array(z.union([Identifier, z.literal("")])).max(500),
    8000,
    'a JSON list of field names, one per column of the file ("" to leave one out)',
  ),
});
export const RecordImportResult = z.object({
  imported: z.number().int(),
  /** Each bad row's problems: the file's line (the header is row 1), the field, what is wrong (at most 1,000). */
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
  /** Header cells no field took: those columns were left out. */
  ignoredColumns: z.array(z.string()),
});
export type RecordImportResult = z.infer<typeof RecordImportResult>;
/** A large import still running (202): how many of its rows are done. Its Location answers the import's own answer when it ends. */
export const RecordImportProgress = z.object({
  id: Uuid,
  status: z.literal("running"),
  rows: z.number().int(),
  processed: z.number().int(),
});
export type RecordImportProgress = z.infer<typeof RecordImportProgress>;
export const RecordImportParams = RecordParams.extend({ importId: Uuid });
export const AppRecord = z.object({ id: Uuid, data: z.record(z.string(), z.unknown()), createdAt: z.string(), updatedAt: z.string() });
export type AppRecord = z.infer<typeof AppRecord>;
/** A shared app, read without signing in: its newest 500 records of each entity, oldest first. */
export const SharedApp = z.object({
  name: z.string(),
  version: z.number().int(),
  spec: AppSpec,
  records: z.record(z.string(), z.array(AppRecord)),
});
export type SharedApp = z.infer<typeof SharedApp>;
export const RecordBody = z.record(z.string(), z.unknown());

export const ConversationEntry = z.object({
  buildId: Uuid,
  text: z.string(),
  status: BuildStatus,
  stages: z.array(BuildStage),
  createdAt: z.string(),
});

/** A view saved from the running app: a copy of `basedOn` with the records it shows, their order and its columns. */
export const SaveViewBody = z.object({
  basedOn: Identifier,
  title: Label,
  filters: z.array(RecordFilter).max(20, "at most 20 filters").default([]),
  sort: SortKey.optional(),
  /** A table's columns, in order (all of them when absent). */
  columns: z.array(Identifier).max(60).optional(),
});
export type SaveViewBody = z.infer<typeof SaveViewBody>;
export const ViewParams = z.object({ id: Uuid, viewId: Identifier });
