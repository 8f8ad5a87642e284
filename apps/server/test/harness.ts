import { randomUUID } from "node:crypto";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { AgentDetail, AuthResult, Build, BuildAccepted, CreatedApiKey, Task } from "@vta/contracts";
import { buildApp } from "../src/app.js";
import { parseEnv } from "../src/env.js";
import { openDatabase, type Database } from "../src/platform/db/client.js";
import type { Cache } from "../src/platform/cache/cache.js";
import type { MaintenanceService } from "../src/modules/operations/maintenance.service.js";
import type { Mailer } from "../src/platform/mail/mailer.js";

export interface TestApp {
  fastify: FastifyInstance;
  database: Database;
  cache: Cache;
  maintenance: MaintenanceService;
  /** Mail the app sent (MAIL_URL=memory). */
  mailer: Mailer;
  /** The first admin's setup token while the database has no platform admin. */
  setupToken: string | null;
  close(): Promise<void>;
}

/** The real app on a real database (PostgreSQL by URL, or a prepared PGlite directory). */
export async function startTestApp(opts: {
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  now?: () => Date;
}): Promise<TestApp> {
  const env = parseEnv({ LOG_LEVEL: "silent", WEB_DIST: "/nonexistent", MAIL_URL: "memory", ...opts.env });
  const database = await openDatabase({
    databaseUrl: opts.databaseUrl,
    dataDir: opts.dataDir ?? "",
    poolSize: 5,
    statementTimeoutMs: 10_000,
  });
  const { fastify, cache, maintenance, mailer, setupToken } = await buildApp({ env, database, now: opts.now });
  await fastify.ready();
  return {
    fastify,
    database,
    cache,
    maintenance,
    mailer,
    setupToken,
    close: async () => {
      await fastify.close();
      await database.close();
    },
  };
}

export interface Actor {
  /** Headers that authenticate as this actor (cookie or bearer). */
  headers: Record<string, string>;
  userId: string | null;
  workspaceId: string;
  email: string;
}

/** Factory: a new user with their own workspace, signed in by cookie. */
export async function createWorkspace(app: TestApp, name = "Tester"): Promise<Actor> {
  const email = `user-${randomUUID()}@example.test`;
  const res = await app.fastify.inject({
    method: "POST",
    url: "/api/v1/auth/signup",
    payload: { email, password: "correct horse battery", name },
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "vta_session");
  if (!cookie) throw new Error("no session cookie");
  const body = AuthResult.parse(res.json());
  return { headers: { cookie: `vta_session=${cookie.value}` }, userId: body.user.id, workspaceId: body.workspace.id, email };
}

/** The token of the newest link mailed to `email` whose path is `/<path>`. */
export function mailedToken(app: TestApp, email: string, path: "verify-email?token=" | "invite/" | "reset-password?token="): string {
  const mail = app.mailer.sent.findLast((m) => m.to === email && m.text.includes(`/${path}`));
  const token = mail && new RegExp(`/${path.replace("?", "\\?")}([\\w-]+)`).exec(mail.text)?.[1];
  if (!token) throw new Error(`no ${path} link was mailed to ${email}`);
  return token;
}

/** Follows the address-check link mailed to `email` (for ADMIN_EMAILS that makes a platform admin). */
export async function verifyAddress(app: TestApp, email: string): Promise<void> {
  const res = await app.fastify.inject({
    method: "POST",
    url: "/api/v1/auth/verify-email",
    payload: { token: mailedToken(app, email, "verify-email?token=") },
  });
  if (res.statusCode !== 200) throw new Error(`verify failed: ${res.statusCode} ${res.body}`);
}

/** Factory: an API key of the actor's workspace, as an actor of its own. */
export async function createApiKeyActor(app: TestApp, owner: Actor): Promise<Actor & { keyId: string }> {
  const res = await app.fastify.inject({ method: "POST", url: "/api/v1/api-keys", headers: owner.headers, payload: { name: "test key" } });
  if (res.statusCode !== 201) throw new Error(`api key failed: ${res.statusCode} ${res.body}`);
  const { key, id } = CreatedApiKey.parse(res.json());
  return { headers: { authorization: `Bearer ${key}` }, userId: null, workspaceId: owner.workspaceId, email: owner.email, keyId: id };
}

export async function createAgent(app: TestApp, actor: Actor, body: Record<string, unknown> = {}) {
  const res = await app.fastify.inject({
    method: "POST",
    url: "/api/v1/agents",
    headers: actor.headers,
    payload: { name: `Agent ${randomUUID().slice(0, 8)}`, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`agent failed: ${res.statusCode} ${res.body}`);
  return AgentDetail.parse(res.json());
}

export async function createTask(app: TestApp, actor: Actor, agentId: string, title = "Do the thing") {
  const res = await app.fastify.inject({
    method: "POST",
    url: `/api/v1/agents/${agentId}/tasks`,
    headers: actor.headers,
    payload: { title },
  });
  if (res.statusCode !== 201) throw new Error(`task failed: ${res.statusCode} ${res.body}`);
  return Task.parse(res.json());
}

export function request(app: TestApp, actor: Actor | null, opts: InjectOptions) {
  return app.fastify.inject({ ...opts, headers: { ...(actor?.headers ?? {}), ...(opts.headers ?? {}) } });
}

/** `queries=<n>` out of the Server-Timing header. */
export function queriesOf(res: LightMyRequestResponse): number {
  const header = String(res.headers["server-timing"] ?? "");
  const match = /^db;dur=[\d.]+;desc="queries=(\d+)"$/.exec(header);
  if (!match?.[1]) throw new Error(`unexpected Server-Timing: ${header}`);
  return Number(match[1]);
}

/** A small deterministic PRNG so random datasets are reproducible from their seed. */
export function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    /** Zipf-like: index i drawn with weight 1/(i+1). */
    zipf: (n: number) => {
      const h = Math.log(n) + 0.5772;
      let u = next() * h;
      for (let i = 0; i < n; i++) {
        u -= 1 / (i + 1);
        if (u <= 0) return i;
      }
      return n - 1;
    },
  };
}

/** Describes a new app (or refines `appId`) and waits for the build to finish. */
export async function buildAndWait(app: TestApp, actor: Actor, text: string, appId?: string): Promise<{ appId: string; build: Build }> {
  const res = await request(app, actor, {
    method: "POST",
    url: appId ? `/api/v1/apps/${appId}/revisions` : "/api/v1/apps",
    payload: { text },
  });
  if (res.statusCode !== 202) throw new Error(`build refused: ${res.statusCode} ${res.body}`);
  const { appId: id, buildId } = BuildAccepted.parse(res.json());
  for (let i = 0; i < 200; i++) {
    const build = Build.parse((await request(app, actor, { method: "GET", url: `/api/v1/builds/${buildId}` })).json());
    if (build.status === "succeeded" || build.status === "failed") return { appId: id, build };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("build did not finish in 5 s");
}
