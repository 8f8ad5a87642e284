import { z } from "zod";

const Bool = z
  .enum(["true", "false", "1", "0", ""])
  .transform((v) => v === "true" || v === "1")
  .optional();
const Csv = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );

/**
 * Which proxies' `X-Forwarded-*` headers to believe: their addresses or CIDR ranges (and the
 * names `loopback`, `linklocal`, `uniquelocal`); "true" means proxies on this machine or the
 * private network. Never "any proxy" and never a hop count: then the client's own
 * `X-Forwarded-For` would name its address.
 */
const TrustProxy = z
  .string()
  .optional()
  .transform((v, ctx): false | string => {
    const value = (v ?? "").trim();
    if (["", "false", "0"].includes(value)) return false;
    if (["true", "1"].includes(value)) return "loopback,linklocal,uniquelocal";
    const list = value
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    if (
      list.length &&
      list.every((a) => (/^[\da-f.:]+(?:\/\d{1,3})?$/i.test(a) && /[.:]/.test(a)) || /^(?:loopback|linklocal|uniquelocal)$/.test(a))
    )
      return list.join(",");
    ctx.addIssue({
      code: "custom",
      message:
        "TRUST_PROXY must be false, true (proxies on this machine or the private network), or the proxies' addresses/CIDRs, comma-separated",
    });
    return z.NEVER;
  });

/** An http(s) base URL, or unset (an empty value counts as unset). */
const OptionalHttpUrl = z
  .string()
  .regex(/^https?:\/\//, "must be an http:// or https:// URL")
  .optional()
  .or(z.literal("").transform(() => undefined));

const EnvSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default("0.0.0.0"),
    DATA_DIR: z.string().min(1).default("./data"),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(30_000),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional()
      .or(z.literal("").transform(() => undefined)),
    ROLE: z.enum(["all", "api", "worker"]).default("all"),
    /** Any OpenAI-compatible chat-completions endpoint, for agents whose provider is "openai". */
    LLM_BASE_URL: OptionalHttpUrl,
    LLM_API_KEY: z.string().optional(),
    LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
    BUILD_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    /** Any Whisper-class service with OpenAI's API, for a Transcriber agent whose provider is "openai". */
    STT_BASE_URL: OptionalHttpUrl,
    STT_API_KEY: z.string().optional(),
    STT_MODEL: z.string().min(1).default("whisper-1"),
    STT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(25 * 1_048_576),
    STT_MAX_SECONDS: z.coerce.number().int().min(1).default(600),
    STT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    /** Statements slower than this are listed as slow queries. */
    SLOW_QUERY_MS: z.coerce.number().min(0).default(200),
    /** Heap use over its limit beyond which the in-process cache sheds entries. */
    MEMORY_PRESSURE_RATIO: z.coerce.number().min(0.1).max(1).default(0.85),
    /** Requests a minute per API key and per client IP (0 = no limit); 429 with Retry-After beyond. */
    RATE_LIMIT_KEY_PER_MINUTE: z.coerce.number().int().min(0).default(6000),
    RATE_LIMIT_IP_PER_MINUTE: z.coerce.number().int().min(0).default(12000),
    /** Failed logins a minute per account and per IP before login answers 429. */
    LOGIN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(10),
    /** Mailed links (password resets, invitations) one address may get per minute; five times as many per sender. */
    MAIL_PER_MINUTE: z.coerce.number().int().min(1).default(3),
    /** The period of the "daily" maintenance run (weekly and monthly scale with it); shorter only for tests. */
    MAINTENANCE_DAILY_MS: z.coerce.number().int().min(1000).default(86_400_000),
    /** When set, /metrics answers only `Authorization: Bearer <token>`. */
    METRICS_TOKEN: z.string().min(8, "METRICS_TOKEN must be at least 8 characters").optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    NODE_ENV: z.string().default("development"),
    /** Addresses that become platform admins once the person proves the address (a mailed link). */
    ADMIN_EMAILS: Csv,
    /** The first admin's one-time setup token; unset: a random one is printed at start while there is no admin. */
    SETUP_TOKEN: z.string().min(16, "SETUP_TOKEN must be at least 16 characters").optional(),
    /** Where people reach this instance, for links in mail (default http://localhost:<PORT>). */
    PUBLIC_URL: OptionalHttpUrl,
    /** smtp://user:pass@host:587 (or smtps://) to send mail; "log" writes it to the server log; "memory" keeps it (tests). */
    MAIL_URL: z
      .string()
      .regex(/^(?:smtps?:\/\/.+|log|memory)$/, "MAIL_URL must be an smtp:// or smtps:// URL, log or memory")
      .optional(),
    MAIL_FROM: z.string().default("Voice-to-App <no-reply@localhost>"),
    SESSION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 365)
      .default(24 * 14),
    BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
    TRUST_PROXY: TrustProxy,
    WEB_DIST: z.string().optional(),
    NODE_ID: z.string().min(1).max(100).optional(),
    CACHE_ENABLED: Bool,
    /** Nodes sharing caches and invalidations; defaults to one cluster per database. */
    CACHE_CLUSTER: z
      .string()
      .regex(/^[\w.-]{1,64}$/, "CACHE_CLUSTER is letters, digits, dots and dashes")
      .optional(),
    CACHE_L1_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1_048_576)
      .default(64 * 1_048_576),
    INGEST_BATCH_ROWS: z.coerce.number().int().min(1).max(100_000).default(5_000),
    INGEST_FLUSH_MS: z.coerce.number().int().min(0).max(10_000).default(5),
    INGEST_CONCURRENT_FLUSHES: z.coerce.number().int().min(1).max(16).default(2),
    INGEST_QUEUE_ROWS: z.coerce.number().int().min(1_000).max(10_000_000).default(100_000),
    INTERACTIONS_RETENTION_MONTHS: z.coerce.number().int().min(0).max(1200).default(0),
    /** Single sign-on through an OpenID Connect provider: its issuer URL, this instance's client id and secret. */
    OIDC_ISSUER: OptionalHttpUrl,
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** What the sign-in button calls the provider. */
    OIDC_NAME: z.string().min(1).max(60).default("single sign-on"),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean))
      ctx.addIssue({
        code: "custom",
        path: ["OIDC_ISSUER"],
        message: "single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET together",
      });
  });

export type Env = z.output<typeof EnvSchema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}

/** Parses the environment once; lists every problem at once instead of failing on the first. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  return result.data;
}
