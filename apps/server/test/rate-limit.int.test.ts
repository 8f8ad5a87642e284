/**
 * Rate limits per API key and per IP (429 with Retry-After), shared across nodes through Redis,
 * and the login brake per account and per IP.
 */
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { ErrorBody } from "@vta/contracts";
import { createApiKeyActor, createWorkspace, request, startTestApp, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";

const apps: TestApp[] = [];
const start = async (env: Record<string, string>) => {
  const app = await startTestApp({ databaseUrl: inject("databaseUrl"), env });
  apps.push(app);
  return app;
};
afterAll(async () => {
  for (const app of apps) await app.close();
});

/**
 * The limits count in fixed one-minute windows: a test that crossed a window's end would see its
 * counts start again. Each test starts at least `needMs` before the current window ends.
 */
async function awayFromWindowEdge(needMs = 10_000) {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}

describe("rate limits", () => {
  it("answers 429 with Retry-After past the per-key limit, other keys unaffected", async () => {
    await awayFromWindowEdge();
    const app = await start({ RATE_LIMIT_KEY_PER_MINUTE: "5", RATE_LIMIT_IP_PER_MINUTE: "0" });
    const owner = await createWorkspace(app);
    const key = await createApiKeyActor(app, owner);
    const other = await createApiKeyActor(app, owner);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await request(app, key, { method: "GET", url: "/api/v1/agents" })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await request(app, key, { method: "GET", url: "/api/v1/agents" });
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(parsed(limited, ErrorBody, 429).error).toMatchObject({
      code: "rate_limited",
      message: expect.stringMatching(/try again in \d+ s/) as unknown,
    });
    expect((await request(app, other, { method: "GET", url: "/api/v1/agents" })).statusCode).toBe(200);
  });

  it("limits per IP, and two nodes share one limit through Redis", async () => {
    await awayFromWindowEdge(15_000);
    const cluster = `rl-${randomUUID().slice(0, 8)}`;
    const env = {
      RATE_LIMIT_KEY_PER_MINUTE: "0",
      RATE_LIMIT_IP_PER_MINUTE: "10",
      REDIS_URL: "redis://127.0.0.1:6379",
      CACHE_CLUSTER: cluster,
    };
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
    expect(await a.fastify.inject({ method: "GET", url: "/api/v1/agents", remoteAddress: "10.250.0.1" }).then((r) => r.statusCode)).toBe(
      401,
    );
  });

  it("brakes logins after repeated failures, per account and per IP", async () => {
    await awayFromWindowEdge();
    const app = await start({ LOGIN_FAILURES_PER_MINUTE: "3" });
    const email = `brute-${randomUUID()}@example.test`;
    await app.fastify.inject({ method: "POST", url: "/api/v1/auth/signup", payload: { email, password: "the-right-one", name: "B" } });
    const login = (password: string, who = email, ip = "10.1.1.1") =>
      app.fastify.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: who, password }, remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await login("wrong")).statusCode).toBe(401);
    const braked = await login("the-right-one");
    expect(braked.statusCode).toBe(429);
    expect(Number(braked.headers["retry-after"])).toBeGreaterThan(0);
    // From another address the account is still braked; other accounts from the first address are not (yet).
    expect((await login("the-right-one", email, "10.2.2.2")).statusCode).toBe(429);
    expect((await login("wrong", `nobody-${randomUUID()}@example.test`)).statusCode).toBe(401);
  });

  it("holds under 100 parallel guesses: at most the limit's worth of password checks, the rest 429 before hashing", async () => {
    await awayFromWindowEdge();
    const app = await start({ LOGIN_FAILURES_PER_MINUTE: "10" });
    const email = `parallel-${randomUUID()}@example.test`;
    await app.fastify.inject({ method: "POST", url: "/api/v1/auth/signup", payload: { email, password: "the-right-one", name: "P" } });
    const guesses = Array.from({ length: 100 }, (_, i) => (i === 99 ? "the-right-one" : `guess-${i}`));
    const statuses = await Promise.all(
      guesses.map((password, i) =>
        app.fastify
          .inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, remoteAddress: `10.7.${i >> 8}.${i & 255}` })
          .then((r) => r.statusCode),
      ),
    );
    const checked = statuses.filter((s) => s === 401 || s === 200).length;
    expect(checked).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(90);
    expect(statuses).not.toContain(200);
    // A correct login gives its slot back: it never counts as a failure.
    const fresh = `fine-${randomUUID()}@example.test`;
    await app.fastify.inject({
      method: "POST",
      url: "/api/v1/auth/signup",
      payload: { email: fresh, password: "the-right-one", name: "F" },
    });
    for (let i = 0; i < 12; i++)
      expect(
        (
          await app.fastify.inject({
            method: "POST",
            url: "/api/v1/auth/login",
            payload: { email: fresh, password: "the-right-one" },
            remoteAddress: "10.8.0.1",
          })
        ).statusCode,
      ).toBe(200);
  });

  it("behind TRUST_PROXY believes X-Forwarded-For only from the configured proxies", async () => {
    await awayFromWindowEdge();
    const app = await start({ LOGIN_FAILURES_PER_MINUTE: "2", TRUST_PROXY: "true" });
    const login = (email: string, forwardedFor: string, remoteAddress: string) =>
      app.fastify
        .inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email, password: "wrong" },
          headers: { "x-forwarded-for": forwardedFor },
          remoteAddress,
        })
        .then((r) => r.statusCode);
    // A client on the internet writing a new X-Forwarded-For each time is still one address: braked after 6 (3 × 2) failures.
    const direct = await Promise.all(
      Array.from({ length: 10 }, (_, i) => i).map(async (i) => login(`someone-${i}@example.test`, `198.51.100.${i}`, "203.0.113.7")),
    );
    expect(direct.filter((s) => s === 429).length).toBeGreaterThanOrEqual(4);
    // Through a proxy on the private network, each client's own address counts.
    const proxied = await Promise.all(
      Array.from({ length: 10 }, (_, i) => i).map(async (i) => login(`other-${i}@example.test`, `198.51.100.${i}`, "10.0.0.2")),
    );
    expect(proxied).toEqual(Array.from({ length: 10 }, () => 401));
  });
});
