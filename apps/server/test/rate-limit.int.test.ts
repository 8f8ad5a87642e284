/**
 * Rate limits per API key and per IP (429 with Retry-After), shared across nodes through Redis,
 * and the login brake per account and per IP.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createApiKeyActor, createWorkspace, json, request, startTestApp, type TestApp } from "./harness.js";

const apps: TestApp[] = [];
const start = async (env: Record<string, string>) => {
  const app = await startTestApp({ databaseUrl: inject("databaseUrl"), env });
  apps.push(app);
  return app;
};
afterAll(async () => {
  for (const app of apps) await app.close();
});

describe("rate limits", () => {
  it("answers 429 with Retry-After past the per-key limit, other keys unaffected", async () => {
    const app = await start({ RATE_LIMIT_KEY_PER_MINUTE: "5", RATE_LIMIT_IP_PER_MINUTE: "0" });
    const owner = await createWorkspace(app);
    const key = await createApiKeyActor(app, owner);
    const other = await createApiKeyActor(app, owner);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await request(app, key, { method: "GET", url: "/api/v1/agents" })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await request(app, key, { method: "GET", url: "/api/v1/agents" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(json<{ error: { code: string; message: string } }>(limited).error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/try again in \d+ s/) as unknown });
    expect((await request(app, other, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(200);
  });

  it("limits per IP, and two nodes share one limit through Redis", async () => {
    const cluster = `rl-${randomUUID().slice(0, 8)}`;
    const env = { RATE_LIMIT_KEY_PER_MINUTE: "0", RATE_LIMIT_IP_PER_MINUTE: "10", REDIS_URL: "redis://127.0.0.1:6379", CACHE_CLUSTER: cluster };
    const a = await start(env);
    const b = await start(env);
    await a.cache.ready(3000);
    await b.cache.ready(3000);
    const ip = `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
    const hit = (app: TestApp) => app.fastify.inject({ method: "GET", url: "/api/v1/agents", remoteAddress: ip }).then((r) => r.statusCode);
    for (let i = 0; i < 6; i++) expect(await hit(a)).toBe(401); // counted, then refused for lack of credentials
    for (let i = 0; i < 6; i++) expect(await hit(b)).toBe(401);
    await new Promise((r) => setTimeout(r, 3000)); // both nodes sync their counts (every 0.5 s; a busy machine delays timers)
    expect(await hit(a)).toBe(429);
    expect(await hit(b)).toBe(429);
    expect(await a.fastify.inject({ method: "GET", url: "/api/v1/agents", remoteAddress: "10.250.0.1" }).then((r) => r.statusCode)).toBe(401);
  });

  it("brakes logins after repeated failures, per account and per IP", async () => {
    const app = await start({ LOGIN_FAILURES_PER_MINUTE: "3" });
    const email = `brute-${randomUUID()}@example.test`;
    await app.fastify.inject({ method: "POST", url: "/api/v1/auth/signup", payload: { email, password: "the-right-one", name: "B" } });
    const login = (password: string, who = email, ip = "10.1.1.1") => app.fastify.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: who, password }, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await login("wrong")).statusCode).toBe(401);
    const braked = await login("the-right-one");
    expect(braked.statusCode).toBe(429);
    expect(Number(braked.headers["retry-after"])).toBeGreaterThan(0);
    // From another address the account is still braked; other accounts from the first address are not (yet).
    expect((await login("the-right-one", email, "10.2.2.2")).statusCode).toBe(429);
    expect((await login("wrong", `nobody-${randomUUID()}@example.test`)).statusCode).toBe(401);
  });
});
