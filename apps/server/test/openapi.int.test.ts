import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { startTestApp, type TestApp } from "./harness.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
});
afterAll(() => app.close());

describe("OpenAPI and probes", () => {
  it("serves the OpenAPI document generated from the zod schemas", async () => {
    const res = await app.fastify.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = JSON.parse(res.body) as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/agents", "/api/v1/agents/{id}", "/api/v1/agents/{id}/tasks/{taskId}", "/api/v1/auth/signup", "/api/v1/api-keys/{id}"]),
    );
    const schema = JSON.stringify(doc.paths["/api/v1/agents"]?.post?.requestBody);
    expect(schema).toContain("temperature");
  });

  it("serves the docs UI", async () => {
    const res = await app.fastify.inject({ method: "GET", url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
  });

  it("answers liveness and readiness against PostgreSQL, with Server-Timing on every response", async () => {
    const live = await app.fastify.inject({ method: "GET", url: "/livez" });
    expect(live.statusCode).toBe(200);
    const ready = await app.fastify.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.headers["server-timing"]).toMatch(/^db;dur=[\d.]+;desc="queries=1"$/);
  });
});
