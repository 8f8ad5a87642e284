import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { Liveness, Readiness } from "@vta/contracts";
import { startTestApp, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";

interface Answer {
  description?: string;
  content?: Record<
    string,
    {
      schema?: {
        type?: string;
        properties?: unknown;
        items?: unknown;
        anyOf?: unknown;
        oneOf?: unknown;
        additionalProperties?: unknown;
        $ref?: string;
      };
    }
  >;
}
type Document = { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, Answer> }>> };

/**
 * The answers that are not JSON, each with what it is: a download, an event stream, a report. A route
 * added with one of these (textBody in contracts) is added here too, so every one is chosen on purpose.
 */
const NOT_JSON: Record<string, string[]> = {
  "GET /api/v1/interactions/export": ["text/csv", "application/x-ndjson"],
  "GET /api/v1/apps/{id}/export": ["text/html"],
  "GET /api/v1/apps/{id}/records/{entity}/export": ["text/csv"],
  "GET /api/v1/builds/{id}/events": ["text/event-stream"],
  "GET /api/v1/performance/stream": ["text/event-stream"],
  "GET /api/v1/maintenance/runs/{id}/report": ["text/markdown"],
  "GET /api/v1/speech": ["audio/wav"],
};
/** Statuses that answer without a body (noBody in contracts): no content, but a description. */
const WITHOUT_BODY = /^(204|30[1278])$/;

async function openApiDocument(): Promise<Document> {
  const res = await app.fastify.inject({ method: "GET", url: "/api/openapi.json" });
  expect(res.statusCode).toBe(200);
  return JSON.parse(res.body) as Document;
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
});
afterAll(() => app.close());

describe("OpenAPI and probes", () => {
  it("serves the OpenAPI document generated from the zod schemas", async () => {
    const doc = await openApiDocument();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/agents",
        "/api/v1/agents/{id}",
        "/api/v1/agents/{id}/tasks/{taskId}",
        "/api/v1/auth/signup",
        "/api/v1/api-keys/{id}",
      ]),
    );
    const schema = JSON.stringify(doc.paths["/api/v1/agents"]?.post?.requestBody);
    expect(schema).toContain("temperature");
  });

  it("declares every route's answer: JSON with its schema from contracts, an answer without a body, or one of the listed non-JSON answers", async () => {
    const doc = await openApiDocument();
    const problems: string[] = [];
    const notJson: Record<string, string[]> = {};
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const answers = Object.entries(operation.responses ?? {}).filter(([status]) => /^[23]/.test(status));
        if (answers.length === 0) problems.push(`${route}: no 2xx or 3xx answer`);
        for (const [status, answer] of answers) {
          if (WITHOUT_BODY.test(status)) {
            if (answer.content) problems.push(`${route} ${status}: has a body; declare it with noBody`);
            if (!answer.description || answer.description === "Default Response")
              problems.push(`${route} ${status}: says nothing of the answer`);
            continue;
          }
          // Without a response schema @fastify/swagger writes a bare "Default Response" with no content.
          if (!answer.content) {
            problems.push(`${route} ${status}: no schema (give the route a response schema from contracts)`);
            continue;
          }
          for (const [type, { schema }] of Object.entries(answer.content)) {
            if (type === "application/json") {
              const s = schema ?? {};
              if (!(s.type || s.properties || s.items || s.anyOf || s.oneOf || s.additionalProperties || s.$ref))
                problems.push(`${route} ${status}: an empty JSON schema`);
            } else (notJson[route] ??= []).push(type);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(notJson).toEqual(NOT_JSON);
  });

  it("serves the docs UI", async () => {
    const res = await app.fastify.inject({ method: "GET", url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("text/html");
  });

  it("answers liveness and readiness against PostgreSQL, with Server-Timing on every response", async () => {
    // Not in the OpenAPI document (they are for the orchestrator), but answered through contracts all the same.
    expect(parsed(await app.fastify.inject({ method: "GET", url: "/livez" }), Liveness)).toEqual({ status: "ok" });
    const ready = await app.fastify.inject({ method: "GET", url: "/readyz" });
    expect(parsed(ready, Readiness)).toEqual({ status: "ready" });
    expect(ready.headers["server-timing"]).toMatch(/^db;dur=[\d.]+;desc="queries=1"$/);
  });
});
