import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type onResponseHookHandler } from "fastify";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { hostname } from "node:os";
import type { Env } from "./env.js";
import { Cache } from "./platform/cache/cache.js";
import { ns } from "./platform/cache/namespaces.js";
import type { Database } from "./platform/db/client.js";
import { ping } from "./platform/db/ping.js";
import { registerErrorHandling, sendError } from "./platform/http/errors.js";
import { openApiTransform } from "./platform/http/openapi.js";
import { registerSqlTiming } from "./platform/http/sql-timing.js";
import { SseStreams } from "./platform/http/sse.js";
import { registerStorableInput } from "./platform/http/storable.js";
import { registerSecurityHeaders } from "./platform/http/security-headers.js";
import { apiLimits, RateLimiter } from "./platform/http/rate-limit.js";
import { lazyChildLoggerFactory, loggerOptions } from "./platform/logger.js";
import {
  accountsRoutes,
  createAccountsService,
  createMembersService,
  createSecurityService,
  createSso,
  membersRoutes,
  registerAuthentication,
  securityRoutes,
  setSessionCookie,
} from "./modules/accounts/index.js";
import { agentsRoutes, createAgentsService } from "./modules/agents/index.js";
import { commandsRoutes, createAssistantService } from "./modules/assistant/index.js";
import { analyticsRoutes, createAnalyticsService } from "./modules/analytics/index.js";
import {
  appsRoutes,
  BUILD_JOB,
  createAppsService,
  createBuildsService,
  createRecordsService,
  recordsRoutes,
  type BuildsService,
} from "./modules/apps/index.js";
import { builtinEngine, openAiEngine } from "./modules/builder/index.js";
import {
  createMaintenanceService,
  healthRoutes,
  MAINTENANCE_JOB,
  maintenanceRoutes,
  metricsRoutes,
  performanceRoutes,
  probeRoutes,
  Sampler,
  SlowQueryLog,
  type MaintenanceService,
  type ProbeState,
  type Trigger,
} from "./modules/operations/index.js";
import { openEventBus } from "./platform/events/bus.js";
import {
  createTranscriptionsService,
  moonshineEngine,
  openAiSttEngine,
  transcriptionsRoutes,
  liveRoutes,
  speechRoutes,
  type TranscriptionsService,
} from "./modules/voice/index.js";
import { openQueue, type Queue } from "./platform/queue/index.js";
import { createInteractionsService, interactionsRoutes, type InteractionsService } from "./modules/interactions/index.js";
import { onStatement } from "./platform/db/accounting.js";
import { createMetrics } from "./platform/observability/metrics.js";
import { RequestStats } from "./platform/observability/requests.js";
import { createMailer, type Mailer } from "./platform/mail/mailer.js";

export const VERSION = "0.1.0";

export interface AppDeps {
  env: Env;
  database: Database;
  /** The clock "today" is read from (records' periods, the assistant's dates): the real one unless a bench or test fixes it. */
  now?: () => Date;
}

export interface App {
  fastify: FastifyInstance;
  probes: ProbeState;
  interactions: InteractionsService;
  cache: Cache;
  queue: Queue;
  builds: BuildsService;
  transcriptions: TranscriptionsService;
  maintenance: MaintenanceService;
  mailer: Mailer;
  /** While the instance has no platform admin: the token that makes one (null once there is one). */
  setupToken: string | null;
}

/** The web build, apps/web/dist, seen from this file in src/ or compiled in dist/src/. */
const DEFAULT_WEB_DIST = fileURLToPath(
  new URL(import.meta.url.includes("/dist/src/") ? "../../../web/dist" : "../../web/dist", import.meta.url),
);

/** The HTTP application: the same instance `main.ts` listens with and tests drive with `inject`. */
export async function buildApp({ env, database, now }: AppDeps): Promise<App> {
  const fastify = Fastify({
    logger: loggerOptions(env.LOG_LEVEL),
    childLoggerFactory: lazyChildLoggerFactory,
    // Per-request lines only when debugging: at thousands of requests a second they cost more than the work.
    logController: new LogController({ disableRequestLogging: env.LOG_LEVEL !== "debug" && env.LOG_LEVEL !== "trace" }),
    bodyLimit: env.BODY_LIMIT_BYTES,
    trustProxy: env.TRUST_PROXY ?? false,
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(fastify);
  registerSecurityHeaders(fastify);
  registerStorableInput(fastify);
  // Every response is counted by a per-route hook that knows its route (reading
  // `request.routeOptions` builds an object per call); the counting itself is set up below.
  const UNMATCHED_ROUTE = "(no route)";
  let countResponse: (route: string, request: FastifyRequest, reply: FastifyReply) => void = () => undefined;
  fastify.addHook("onRoute", (route) => {
    const url = route.url;
    const count: onResponseHookHandler = (request, reply, done) => {
      countResponse(url, request, reply);
      done();
    };
    route.onResponse = [...(route.onResponse ? [route.onResponse].flat() : []), count];
  });
  registerSqlTiming(fastify, database);

  await fastify.register(swagger, {
    openapi: {
      info: { title: "Voice-to-App API", version: VERSION, description: "Describe an app, get a running app." },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "vta_session" },
          apiKey: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: openApiTransform,
  });
  await fastify.register(swaggerUi, { routePrefix: "/api/docs" });
  fastify.get("/api/openapi.json", { schema: { hide: true } }, async () => fastify.swagger());

  const nodeId = env.NODE_ID ?? `${hostname()}-${process.pid}`;
  // One cluster per database: nodes of other databases sharing the Redis are none of our business.
  const queueNamespace = createHash("sha256")
    .update(env.DATABASE_URL ?? "embedded")
    .digest("hex")
    .slice(0, 12);
  const cache = new Cache({
    redisUrl: env.REDIS_URL,
    l1MaxBytes: env.CACHE_L1_MAX_BYTES,
    enabled: env.CACHE_ENABLED ?? true,
    nodeId,
    cluster: env.CACHE_CLUSTER ?? queueNamespace,
    onError: (err, where) => fastify.log.debug({ err, where }, "cache: redis unavailable, serving from L1"),
  });
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const mailer = createMailer({
    url: env.MAIL_URL,
    from: env.MAIL_FROM,
    log: (mail) =>
      fastify.log.info(
        { mail: { to: mail.to, subject: mail.subject } },
        `mail (MAIL_URL is not set, so it is only logged) to ${mail.to}: ${mail.subject}\n${mail.text}`,
      ),
  });
  const accounts = createAccountsService({
    db: database.db,
    cache,
    adminEmails: env.ADMIN_EMAILS,
    sessionTtlHours: env.SESSION_TTL_HOURS,
    mailer,
    publicUrl,
  });
  // No platform admin yet: the first one signs up with a one-time token from this machine, never by a race.
  const setupToken = await accounts.setupToken(env.SETUP_TOKEN);
  if (setupToken && !env.SETUP_TOKEN)
    fastify.log.warn(
      `No platform administrator yet. Create the account at ${publicUrl}/signup?setup=${setupToken} (a one-time link; it works until an administrator exists)`,
    );
  registerAuthentication(fastify, accounts);
  const agents = createAgentsService(database.db, cache);
  const interactions = createInteractionsService(database, {
    maxBatchRows: env.INGEST_BATCH_ROWS,
    maxDelayMs: env.INGEST_FLUSH_MS,
    maxQueuedRows: env.INGEST_QUEUE_ROWS,
    maxConcurrentFlushes: env.INGEST_CONCURRENT_FLUSHES,
  });
  // A committed write invalidates exactly what it changed before its callers are answered.
  interactions.onChange(async ({ agentIds, workspaceIds }) => {
    await cache.invalidate(
      ...[...agentIds].flatMap((a) => [ns.analytics(a), ns.agent(a)]),
      ...[...workspaceIds].flatMap((w) => [ns.agents(w), ns.summary(w)]),
    );
  });
  // Runs after in-flight requests finished: whatever was accepted is flushed before the pool closes.
  fastify.addHook("onClose", async () => {
    await queue.close(8_000);
    await interactions.commits.close();
    await bus.close();
    await cache.close();
  });
  const analytics = createAnalyticsService(database.db, cache);

  const queue = await openQueue(env.REDIS_URL, queueNamespace, (err, job) => fastify.log.warn({ err, job }, "job failed"));
  const bus = await openEventBus(env.REDIS_URL, (err) => fastify.log.debug({ err }, "event bus: redis unavailable"));
  const records = createRecordsService({ cache, now });
  const apps = createAppsService(cache, records);
  const builds = createBuildsService({
    db: database.db,
    cache,
    queue,
    bus,
    interactions,
    agents,
    engines: {
      builtin: builtinEngine(),
      openai: openAiEngine({ baseUrl: env.LLM_BASE_URL, apiKey: env.LLM_API_KEY, timeoutMs: env.LLM_TIMEOUT_MS }),
    },
    log: fastify.log,
  });
  const speech = moonshineEngine();
  fastify.addHook("onClose", () => speech.close());
  const transcriptions = createTranscriptionsService({
    db: database.db,
    engines: {
      builtin: speech,
      openai: openAiSttEngine({ baseUrl: env.STT_BASE_URL, apiKey: env.STT_API_KEY, model: env.STT_MODEL, timeoutMs: env.LLM_TIMEOUT_MS }),
    },
    interactions,
    maxSeconds: env.STT_MAX_SECONDS,
    concurrency: env.STT_CONCURRENCY,
    maxWaiting: env.STT_CONCURRENCY * 4,
    maxLive: env.STT_CONCURRENCY * 8,
    agents,
    // Made just below: the assistant reads commands, and says what words its apps expect.
    appVocabulary: (db, workspaceId, appId) => assistant.vocabulary(db, workspaceId, appId),
  });
  const assistant = createAssistantService({ db: database.db, records, agents, interactions, transcriptions, now });
  // Builds run where jobs are worked: every node without Redis, the workers (and "all" nodes) with it.
  if (env.ROLE !== "api" || !env.REDIS_URL) {
    queue.work<{ buildId: string }>(BUILD_JOB, (data, job) => builds.run(data.buildId, job.attempt, 3), {
      concurrency: env.BUILD_CONCURRENCY,
    });
  }
  // This instance's event streams (build progress, live performance): counted, and ended at its shutdown.
  const streams = new SseStreams();
  fastify.addHook("preClose", (done) => {
    streams.closeAll();
    transcriptions.abortAll();
    done();
  });

  // Every response counted once: the live numbers and the Prometheus histogram.
  const requestStats = new RequestStats();
  const connections = () => new Promise<number>((resolve) => fastify.server.getConnections((_err, n) => resolve(n ?? 0)));
  const metrics = createMetrics({
    cache: () => cache.stats(),
    ingestQueueDepth: () => interactions.commits.depth,
    jobs: () => queue.counts() as unknown as Promise<Record<string, number>>,
    openStreams: () => streams.size,
    connections,
  });
  countResponse = (route, request, reply) => {
    const ms = reply.elapsedTime;
    requestStats.record(ms, reply.statusCode, request._sqlStats?.queries ?? 0);
    metrics.observeRequest(route, request.method, reply.statusCode, ms / 1000);
  };
  const slowQueries = new SlowQueryLog(env.SLOW_QUERY_MS);
  const stopStatements = onStatement((ms, text) => {
    metrics.observeStatement(ms);
    slowQueries.record(ms, text);
  });
  const sampler = new Sampler({
    db: database.db,
    nodeId,
    requests: requestStats,
    cache,
    connections,
    pressureRatio: env.MEMORY_PRESSURE_RATIO,
    log: fastify.log,
  });
  sampler.start();
  const maintenance = createMaintenanceService({
    database,
    cache,
    queue,
    interactions,
    retentionMonths: env.INTERACTIONS_RETENTION_MONTHS,
    slowQueries,
    removeOrphanUploads: () => transcriptions.removeOrphans(),
    routes: () => metrics.routes(),
    log: fastify.log,
  });
  if (env.ROLE !== "api" || !env.REDIS_URL)
    queue.work<{ runId?: string; trigger: Trigger }>(MAINTENANCE_JOB, (data) => maintenance.run(data), { concurrency: 1 });
  interactions.onChange(({ rows }) => metrics.observeFlush(rows));
  const limiter = new RateLimiter(env.REDIS_URL ? () => cache.redisClient : null, `${cache.keyPrefix}rl:`, (err) =>
    fastify.log.debug({ err }, "rate limits: redis sync failed"),
  );
  const limits = apiLimits(limiter, {
    keyPerMinute: env.RATE_LIMIT_KEY_PER_MINUTE,
    ipPerMinute: env.RATE_LIMIT_IP_PER_MINUTE,
    loginFailuresPerMinute: env.LOGIN_FAILURES_PER_MINUTE,
    mailPerMinute: env.MAIL_PER_MINUTE,
  });
  fastify.addHook("onClose", (_app, done) => {
    sampler.stop();
    stopStatements();
    requestStats.close();
    limiter.close();
    done();
  });

  const probes: ProbeState = {
    draining: false,
    ping,
  };
  await fastify.register(probeRoutes(probes));
  await fastify.register(metricsRoutes(metrics.registry, env.METRICS_TOKEN));
  await fastify.register(
    healthRoutes({
      version: VERSION,
      ping: probes.ping,
      redis: env.REDIS_URL ? () => (cache.mode === "l1+l2" ? "up" : "down") : undefined,
      queue: () => queue.counts(),
      speech: () => speech.availability(),
    }),
  );
  await fastify.register(
    async (api) => {
      // Limits per API key and per IP, counted without a round trip (see rate-limit.ts).
      api.addHook("onRequest", limits.onRequest);
      await api.register(accountsRoutes(accounts, env.SESSION_TTL_HOURS, limits.login));
      await api.register(
        securityRoutes({
          security: createSecurityService({ cache, mailer, publicUrl, accounts }),
          sso:
            env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
              ? createSso(
                  {
                    issuer: env.OIDC_ISSUER,
                    clientId: env.OIDC_CLIENT_ID,
                    clientSecret: env.OIDC_CLIENT_SECRET,
                    name: env.OIDC_NAME,
                    redirectUri: `${publicUrl}/api/v1/auth/sso/callback`,
                  },
                  accounts,
                )
              : null,
          signIn: (request, reply, token) => setSessionCookie(request, reply, token, env.SESSION_TTL_HOURS),
          mailLimit: limits.mail,
          firstRun: () => accounts.firstRun(),
        }),
      );
      await api.register(membersRoutes(createMembersService(cache, mailer, publicUrl), limits.mail));
      await api.register(agentsRoutes(agents));
      await api.register(interactionsRoutes(interactions));
      await api.register(analyticsRoutes(analytics));
      await api.register(appsRoutes(apps, builds, streams));
      await api.register(recordsRoutes(records));
      await api.register(commandsRoutes(assistant));
      await api.register(transcriptionsRoutes(transcriptions, { maxBytes: env.STT_MAX_BYTES }));
      await api.register(liveRoutes(transcriptions));
      await api.register(speechRoutes());
      await api.register(
        performanceRoutes({
          cache,
          nodeId,
          poolStats: () => database.poolStats(),
          requests: requestStats,
          connections,
          jobs: () => queue.counts(),
          db: database.db,
          sampler,
          slowQueries,
          streams,
        }),
      );
      await api.register(maintenanceRoutes(maintenance));
    },
    { prefix: "/api/v1" },
  );

  const webDist = env.WEB_DIST ?? DEFAULT_WEB_DIST;
  const hasWeb = existsSync(`${webDist}/index.html`);
  if (hasWeb) await fastify.register(fastifyStatic, { root: webDist, wildcard: false, index: "index.html" });
  fastify.setNotFoundHandler(async (request, reply) => {
    // No route, so no per-route hook: counted here, every unmatched URL under one label (a label
    // per URL would grow without bound).
    reply.raw.once("finish", () => countResponse(UNMATCHED_ROUTE, request, reply));
    const isApi = request.url.startsWith("/api/");
    // Client-side routes (/agents/123, /login) get the SPA; unknown API paths get a JSON 404.
    if (hasWeb && !isApi && request.method === "GET") return reply.sendFile("index.html");
    return sendError(reply, 404, "not_found", `No route for ${request.method} ${request.url.split("?")[0]}`);
  });

  return { fastify, probes, interactions, cache, queue, builds, transcriptions, maintenance, mailer, setupToken };
}
