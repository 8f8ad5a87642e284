/**
 * The whole data model (docs/ARCHITECTURE.md describes it). Every tenant table carries `workspace_id` so it can be
 * distributed by it (Citus) and every tenant query is scoped by it.
 */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const id = () =>
  uuid("id")
    .primaryKey()
    .default(sql`gen_random_uuid()`);
const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "string" }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });
const workspaceRef = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

// ---------------------------------------------------------------- accounts
export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash").notNull(),
    isPlatformAdmin: boolean("is_platform_admin").notNull().default(false),
    /** When the person proved the address is theirs (a link mailed to it); ADMIN_EMAILS needs it. */
    emailVerifiedAt: ts("email_verified_at"),
    /** The TOTP secret (base32) of an enrolled second factor; null: password alone signs in. */
    totpSecret: text("totp_secret"),
    /** A secret shown for enrolment, kept until a code from it confirms it. */
    totpPendingSecret: text("totp_pending_secret"),
    /** The time step of the last code accepted: a code is good once. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    /** `issuer|sub` of the single sign-on identity linked to this account. */
    oidcSubject: text("oidc_subject"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("users_email_key").on(t.email), uniqueIndex("users_oidc_subject_key").on(t.oidcSubject)],
);

/** Mailed links that set a new password: one use, an hour. The token is stored as its SHA-256. */
export const passwordResets = pgTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
    usedAt: ts("used_at"),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/** A password accepted, a second factor still owed: the login finishes with a code within minutes. */
export const loginChallenges = pgTable(
  "login_challenges",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: ts("expires_at").notNull(),
    attempts: smallint("attempts").notNull().default(0),
  },
  (t) => [index("login_challenges_expires_idx").on(t.expiresAt)],
);

/** One-time codes that stand in for the authenticator app (SHA-256 of each). */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: ts("used_at"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * An invitation to a workspace, mailed to an address: membership only when that person, signed in
 * with that address, accepts. The token is stored as its SHA-256.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    workspaceId: workspaceRef(),
    email: text("email").notNull(),
    role: text("role", { enum: ["admin", "member", "viewer"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
    acceptedAt: ts("accepted_at"),
  },
  (t) => [uniqueIndex("invitations_token_key").on(t.tokenHash), index("invitations_workspace_idx").on(t.workspaceId, t.createdAt)],
);

/** A link mailed to prove an address: the token's SHA-256, whose it is, until when. */
export const emailVerifications = pgTable("email_verifications", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  email: text("email").notNull(),
  expiresAt: ts("expires_at").notNull(),
});

/** One-time tokens that make the first platform admin, printed at start while there is none. */
export const setupTokens = pgTable("setup_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  createdAt: createdAt(),
});

export const workspaces = pgTable("workspaces", {
  id: id(),
  name: text("name").notNull(),
  createdAt: createdAt(),
});

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: workspaceRef(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "member", "viewer"] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index("memberships_user_idx").on(t.userId),
    check("memberships_role_check", sql`${t.role} in ('owner','admin','member','viewer')`),
  ],
);

/** `id` is the SHA-256 of the cookie token: a leaked table does not leak live sessions. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    workspaceId: workspaceRef(),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [index("sessions_expires_idx").on(t.expiresAt), index("sessions_user_idx").on(t.userId)],
);

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    workspaceId: workspaceRef(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash), index("api_keys_workspace_idx").on(t.workspaceId, t.createdAt)],
);

// ---------------------------------------------------------------- agents
export const agents = pgTable(
  "agents",
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    role: text("role", { enum: ["general", "requirements", "architect", "verifier", "transcriber", "assistant"] })
      .notNull()
      .default("general"),
    status: text("status", { enum: ["active", "inactive"] })
      .notNull()
      .default("active"),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    /** Soft delete: raw interactions and rollups keep their agent; every read filters it out. */
    deletedAt: ts("deleted_at"),
  },
  (t) => [
    // Keyset pagination of the dashboard, newest first, live agents only.
    index("agents_workspace_page_idx")
      .on(t.workspaceId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    index("agents_workspace_status_idx")
      .on(t.workspaceId, t.status, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    // Case-insensitive substring search over name and description.
    index("agents_search_trgm_idx").using("gin", sql`(${t.name} || ' ' || ${t.description}) gin_trgm_ops`),
    check("agents_status_check", sql`${t.status} in ('active','inactive')`),
  ],
);

export const agentConfigs = pgTable("agent_configs", {
  agentId: uuid("agent_id")
    .primaryKey()
    .references(() => agents.id, { onDelete: "cascade" }),
  workspaceId: workspaceRef(),
  provider: text("provider", { enum: ["builtin", "openai"] })
    .notNull()
    .default("builtin"),
  model: text("model").notNull().default("builtin-nlp-1"),
  temperature: doublePrecision("temperature").notNull().default(0.2),
  systemPrompt: text("system_prompt").notNull().default(""),
  maxTokens: integer("max_tokens").notNull().default(2048),
  priceInputPer1k: numeric("price_input_per_1k", { precision: 12, scale: 6 }).notNull().default("0"),
  priceOutputPer1k: numeric("price_output_per_1k", { precision: 12, scale: 6 }).notNull().default("0"),
  updatedAt: ts("updated_at").notNull().defaultNow(),
});

export const agentTasks = pgTable(
  "agent_tasks",
  {
    id: id(),
    workspaceId: workspaceRef(),
    agentId: uuid("agent_id")
      .notNull()
      .references(() => agents.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    kind: text("kind").notNull().default("general"),
    status: text("status", { enum: ["pending", "in_progress", "completed", "failed"] })
      .notNull()
      .default("pending"),
    input: jsonb("input"),
    output: jsonb("output"),
    createdAt: createdAt(),
    startedAt: ts("started_at"),
    completedAt: ts("completed_at"),
  },
  (t) => [
    index("agent_tasks_agent_recent_idx").on(t.agentId, t.createdAt.desc(), t.id.desc()),
    index("agent_tasks_agent_status_idx").on(t.agentId, t.status),
    // The seed's partial index: open tasks are the ones the detail page lists.
    index("agent_tasks_open_idx")
      .on(t.agentId, t.createdAt.desc())
      .where(sql`${t.status} in ('pending','in_progress')`),
    check("agent_tasks_status_check", sql`${t.status} in ('pending','in_progress','completed','failed')`),
  ],
);

// ---------------------------------------------------------------- interactions and rollups
/**
 * Range-partitioned by month on `created_at` (the migration adds PARTITION BY and the first
 * partitions; drizzle-kit cannot express it). The primary key must include the partition key.
 */
export const interactions = pgTable(
  "interactions",
  {
    id: uuid("id").notNull(),
    workspaceId: uuid("workspace_id").notNull(),
    agentId: uuid("agent_id").notNull(),
    taskId: uuid("task_id"),
    sessionId: text("session_id"),
    endUserId: text("end_user_id"),
    createdAt: ts("created_at").notNull(),
    responseTimeMs: integer("response_time_ms").notNull(),
    tokensIn: integer("tokens_in").notNull().default(0),
    tokensOut: integer("tokens_out").notNull().default(0),
    cost: numeric("cost", { precision: 24, scale: 12 }).notNull().default("0"),
    userRating: smallint("user_rating"),
    input: text("input"),
    output: text("output"),
    metadata: jsonb("metadata"),
  },
  (t) => [
    // Ids are the client's and unique per workspace: another tenant's row never collides with one.
    primaryKey({ columns: [t.id, t.createdAt, t.workspaceId] }),
    index("interactions_agent_created_idx").on(t.agentId, t.createdAt.desc()),
    index("interactions_workspace_created_idx").on(t.workspaceId, t.createdAt.desc(), t.id.desc()),
    check("interactions_rating_check", sql`${t.userRating} between 1 and 5`),
  ],
);

/**
 * Idempotency keys: client-chosen ids are unique per workspace across all partitions (another
 * tenant posting the same id neither learns that it exists nor blocks it). No index beyond the key:
 * every index here is paid on every ingested row; retention deletes old keys with one scan.
 */
export const interactionKeys = pgTable(
  "interaction_keys",
  {
    id: uuid("id").notNull(),
    workspaceId: uuid("workspace_id").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const agentDailyStats = pgTable(
  "agent_daily_stats",
  {
    workspaceId: uuid("workspace_id").notNull(),
    agentId: uuid("agent_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    interactions: integer("interactions").notNull().default(0),
    uniqueUsers: integer("unique_users").notNull().default(0),
    responseTimeSum: bigint("response_time_sum", { mode: "number" }).notNull().default(0),
    positiveRatings: integer("positive_ratings").notNull().default(0),
    negativeRatings: integer("negative_ratings").notNull().default(0),
    ratingSum: integer("rating_sum").notNull().default(0),
    tokens: bigint("tokens", { mode: "number" }).notNull().default(0),
    cost: numeric("cost", { precision: 24, scale: 12 }).notNull().default("0"),
  },
  // The primary key also INCLUDEs the measures (migration 0003; drizzle cannot express INCLUDE).
  (t) => [primaryKey({ columns: [t.agentId, t.day] }), index("agent_daily_stats_workspace_day_idx").on(t.workspaceId, t.day)],
);

export const agentDailyUsers = pgTable(
  "agent_daily_users",
  {
    workspaceId: uuid("workspace_id").notNull(),
    agentId: uuid("agent_id").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    endUserId: text("end_user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.day, t.endUserId] })],
);

/**
 * Each end user of an agent with the first and last UTC day they were seen. Users active in
 * [from, today] are exactly those with last_day >= from: one index range count, however many
 * interactions there are, for the most common analytics range ("the last N days").
 */
export const agentUsers = pgTable(
  "agent_users",
  {
    workspaceId: uuid("workspace_id").notNull(),
    agentId: uuid("agent_id").notNull(),
    endUserId: text("end_user_id").notNull(),
    firstDay: date("first_day", { mode: "string" }).notNull(),
    lastDay: date("last_day", { mode: "string" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.agentId, t.endUserId] }), index("agent_users_last_day_idx").on(t.agentId, t.lastDay)],
);

// ---------------------------------------------------------------- apps, goals, builds
export const apps = pgTable(
  "apps",
  {
    id: id(),
    workspaceId: workspaceRef(),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    currentVersion: integer("current_version").notNull().default(0),
    shareToken: text("share_token"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    deletedAt: ts("deleted_at"),
  },
  (t) => [
    index("apps_workspace_idx")
      .on(t.workspaceId, t.createdAt.desc(), t.id.desc())
      .where(sql`${t.deletedAt} is null`),
    uniqueIndex("apps_share_token_key").on(t.shareToken),
  ],
);

export const appVersions = pgTable(
  "app_versions",
  {
    id: id(),
    workspaceId: workspaceRef(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    spec: jsonb("spec").notNull(),
    buildId: uuid("build_id"),
    summary: text("summary").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("app_versions_app_version_key").on(t.appId, t.version)],
);

export const appRecords = pgTable(
  "app_records",
  {
    id: id(),
    workspaceId: workspaceRef(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    entity: text("entity").notNull(),
    data: jsonb("data").notNull(),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("app_records_page_idx").on(t.appId, t.entity, t.createdAt.desc(), t.id.desc())],
);

/**
 * Totals of each entity table kept on every write by its statement triggers (see record-totals.repository.ts):
 * per group column and value (`col` and `key`; '' and '' for the whole table, key '' for records with
 * no value) the number of records (`measure` '') and, per number column, how many have a value and
 * their sum.
 */
export const recordTotals = pgTable(
  "record_totals",
  {
    tableName: text("table_name").notNull(),
    col: text("col").notNull(),
    key: text("key").notNull(),
    measure: text("measure").notNull(),
    count: bigint("count", { mode: "number" }).notNull(),
    sum: numeric("sum").notNull(),
  },
  (t) => [uniqueIndex("record_totals_key").on(t.tableName, t.col, t.key, t.measure)],
);

/**
 * A large CSV import running after its request was answered (202): how far it is, and its answer
 * (the import's body, or the error it ended with) once done. The process that took the upload runs it.
 */
export const recordImports = pgTable(
  "record_imports",
  {
    id: id(),
    workspaceId: workspaceRef(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    entity: text("entity").notNull(),
    status: text("status", { enum: ["running", "succeeded", "failed"] })
      .notNull()
      .default("running"),
    rows: integer("rows").notNull(),
    processed: integer("processed").notNull().default(0),
    /** The answer when done: the import result, or `{status, error}` of the 4xx it ended with. */
    result: jsonb("result"),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow(),
  },
  (t) => [index("record_imports_app_idx").on(t.appId)],
);

/** A column of an entity's table: the field it holds and the column's kind (a retyped field gets a new column; the old one keeps its values). */
export interface RecordColumn {
  field: string;
  kind: "text" | "numeric" | "date" | "timestamptz" | "boolean" | "uuid" | "text[]";
  /** For a `uuid` column: the entity its foreign key points to. */
  ref?: string;
  column: string;
  /** The names its field had before a rename: a revert to one of them finds its values here again. */
  aliases?: string[];
}

/**
 * Where an entity's records live: a table of its own in the workspace's schema (`ws_<hex>`), a typed
 * column per field. Names are ours, never a person's words; nothing is dropped when a spec changes.
 */
export const appTables = pgTable(
  "app_tables",
  {
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    workspaceId: workspaceRef(),
    entity: text("entity").notNull(),
    schemaName: text("schema_name").notNull(),
    tableName: text("table_name").notNull(),
    columns: jsonb("columns")
      .$type<RecordColumn[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The text columns the search index covers, in order (the index is made again when they change). */
    searchColumns: jsonb("search_columns")
      .$type<string[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** The columns `record_totals` keeps counts per value of (`groups`) and sums of (`measures`) for this table. */
    totals: jsonb("totals")
      .$type<{ groups: string[]; measures: string[] }>()
      .notNull()
      .default(sql`'{"groups":[],"measures":[]}'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.appId, t.entity] })],
);

export const goals = pgTable(
  "goals",
  {
    id: id(),
    workspaceId: workspaceRef(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    text: text("text").notNull(),
    target: jsonb("target").notNull(),
    status: text("status", { enum: ["met", "unmet", "retired"] })
      .notNull()
      .default("unmet"),
    /** The person's own words the goal came from. */
    words: text("words"),
    createdInVersion: integer("created_in_version").notNull(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("goals_app_idx").on(t.appId)],
);

export const builds = pgTable(
  "builds",
  {
    id: id(),
    workspaceId: workspaceRef(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["create", "revise"] }).notNull(),
    inputText: text("input_text").notNull(),
    transcriptionId: uuid("transcription_id"),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] })
      .notNull()
      .default("queued"),
    stages: jsonb("stages")
      .notNull()
      .default(sql`'[]'::jsonb`),
    /** Words of the request no goal covers, each with what to say instead. */
    unclear: jsonb("unclear")
      .notNull()
      .default(sql`'[]'::jsonb`),
    error: text("error"),
    rating: smallint("rating"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("builds_app_idx").on(t.appId, t.createdAt.desc())],
);

export const transcriptions = pgTable(
  "transcriptions",
  {
    id: id(),
    workspaceId: workspaceRef(),
    engine: text("engine").notNull(),
    text: text("text").notNull(),
    durationMs: integer("duration_ms").notNull(),
    processingMs: integer("processing_ms").notNull(),
    words: jsonb("words"),
    /** How sure the engine was of the text (0–1), when it says. */
    confidence: doublePrecision("confidence"),
    reason: text("reason"),
    createdAt: createdAt(),
  },
  (t) => [index("transcriptions_workspace_idx").on(t.workspaceId, t.createdAt.desc())],
);

// ---------------------------------------------------------------- assistant commands
/**
 * A command said to a running app and what came of it: a proposal waiting for its confirmation,
 * a write (with the record as it was before, which undo puts back), or a list or an answer.
 */
export const appCommands = pgTable(
  "app_commands",
  {
    id: id(),
    workspaceId: workspaceRef(),
    appId: uuid("app_id")
      .notNull()
      .references(() => apps.id, { onDelete: "cascade" }),
    interactionId: uuid("interaction_id"),
    text: text("text").notNull(),
    kind: text("kind", { enum: ["create", "update", "delete", "filter", "answer", "unclear"] }).notNull(),
    status: text("status", { enum: ["proposed", "applied", "undone", "done"] }).notNull(),
    entity: text("entity"),
    recordId: uuid("record_id"),
    /** What a create or an update writes (as proposed, then as confirmed). */
    changes: jsonb("changes"),
    /** The record before the write (update, delete): what undo puts back. */
    before: jsonb("before"),
    /** The answer as sent: filter, answer, hint, candidates, summary. */
    result: jsonb("result").notNull(),
    createdAt: createdAt(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [index("app_commands_app_idx").on(t.workspaceId, t.appId, t.createdAt.desc())],
);

// ---------------------------------------------------------------- operations (instance-wide)
export const perfSamples = pgTable(
  "perf_samples",
  {
    nodeId: text("node_id").notNull(),
    resolution: text("resolution", { enum: ["10s", "1m", "1h"] }).notNull(),
    ts: ts("ts").notNull(),
    data: jsonb("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.resolution, t.ts, t.nodeId] })],
);

export const maintenanceRuns = pgTable(
  "maintenance_runs",
  {
    id: id(),
    trigger: text("trigger").notNull(),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed"] })
      .notNull()
      .default("queued"),
    steps: jsonb("steps")
      .notNull()
      .default(sql`'[]'::jsonb`),
    findings: jsonb("findings")
      .notNull()
      .default(sql`'{}'::jsonb`),
    impact: jsonb("impact"),
    error: text("error"),
    createdAt: createdAt(),
    startedAt: ts("started_at"),
    finishedAt: ts("finished_at"),
  },
  (t) => [index("maintenance_runs_created_idx").on(t.createdAt.desc())],
);
