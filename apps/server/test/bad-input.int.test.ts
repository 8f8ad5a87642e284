import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { z } from "zod";
import { ErrorBody } from "@vta/contracts";
import { createAgent, createWorkspace, request, startTestApp, type Actor, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";
import { queryRows } from "../src/platform/db/rows.js";
import { encodeCursor } from "../src/platform/http/cursor.js";

let app: TestApp;
let me: Actor;
let agentId: string;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl"), env: { BODY_LIMIT_BYTES: "65536" } });
  me = await createWorkspace(app);
  agentId = (await createAgent(app, me, { name: "Keeper" })).id;
});
afterAll(() => app.close());

const counts = async () => {
  const [row] = await queryRows<{ agents: number; tasks: number; keys: number }>(
    app.database.db,
    sql`select (select count(*)::int from agents where workspace_id = ${me.workspaceId}) as agents,
               (select count(*)::int from agent_tasks where workspace_id = ${me.workspaceId}) as tasks,
               (select count(*)::int from api_keys where workspace_id = ${me.workspaceId}) as keys`,
  );
  return row;
};

type Case = { name: string; method: string; url: string; status: number; body?: string; headers?: Record<string, string> };

const raw = (method: string, url: string, body: string, status: number, headers: Record<string, string> = {}): Omit<Case, "name"> => ({
  method,
  url,
  body,
  status,
  headers: { "content-type": "application/json", ...headers },
});

const cases = (): Case[] => [
  { name: "malformed JSON", ...raw("POST", "/api/v1/agents", '{"name": "x",', 400) },
  { name: "JSON that is not an object", ...raw("POST", "/api/v1/agents", '"just a string"', 400) },
  { name: "empty JSON body", ...raw("POST", "/api/v1/agents", "", 400) },
  { name: "wrong type for name", ...raw("POST", "/api/v1/agents", '{"name": 42}', 400) },
  { name: "wrong type for temperature", ...raw("POST", "/api/v1/agents", '{"name": "x", "config": {"temperature": "hot"}}', 400) },
  { name: "temperature out of range", ...raw("POST", "/api/v1/agents", '{"name": "x", "config": {"temperature": 9}}', 400) },
  { name: "unknown status", ...raw("POST", "/api/v1/agents", '{"name": "x", "status": "sleeping"}', 400) },
  { name: "unknown provider", ...raw("POST", "/api/v1/agents", '{"name": "x", "config": {"provider": "skynet"}}', 400) },
  { name: "empty patch", ...raw("PATCH", `/api/v1/agents/${agentId}`, "{}", 400) },
  { name: "a valid task among the bad ones (the only write)", ...raw("POST", `/api/v1/agents/${agentId}/tasks`, '{"title": "t"}', 201) },
  { name: "oversize body", ...raw("POST", "/api/v1/agents", JSON.stringify({ name: "x", description: "y".repeat(70_000) }), 413) },
  {
    name: "oversize task input",
    ...raw("POST", `/api/v1/agents/${agentId}/tasks`, JSON.stringify({ title: "t", input: { a: "z".repeat(66_000) } }), 413),
  },
  {
    name: "unsupported media type",
    method: "POST",
    url: "/api/v1/agents",
    body: "name=x",
    status: 415,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  },
  { name: "bad UUID in path", method: "GET", url: "/api/v1/agents/not-a-uuid", status: 400 },
  {
    name: "bad UUID in nested path",
    method: "PATCH",
    url: `/api/v1/agents/${agentId}/tasks/123`,
    body: '{"status":"completed"}',
    status: 400,
    headers: { "content-type": "application/json" },
  },
  { name: "negative limit", method: "GET", url: "/api/v1/agents?limit=-1", status: 400 },
  { name: "zero limit", method: "GET", url: "/api/v1/agents?limit=0", status: 400 },
  { name: "huge limit", method: "GET", url: "/api/v1/agents?limit=100000000000000000000", status: 400 },
  { name: "non-numeric limit", method: "GET", url: "/api/v1/agents?limit=ten", status: 400 },
  { name: "unknown status filter", method: "GET", url: "/api/v1/agents?status=zombie", status: 400 },
  { name: "garbage cursor", method: "GET", url: "/api/v1/agents?cursor=%%%", status: 400 },
  { name: "forged cursor (not base64 json)", method: "GET", url: "/api/v1/agents?cursor=aGVsbG8", status: 400 },
  {
    name: "forged cursor (bad timestamp)",
    method: "GET",
    url: `/api/v1/agents?cursor=${encodeCursor({ ts: "yesterday'; drop table agents", id: agentId })}`,
    status: 400,
  },
  {
    name: "forged cursor (bad id)",
    method: "GET",
    url: `/api/v1/agents?cursor=${encodeCursor({ ts: "2026-01-01 00:00:00+00", id: "x" })}`,
    status: 400,
  },
  {
    name: "forged cursor (impossible date)",
    method: "GET",
    url: `/api/v1/agents?cursor=${encodeCursor({ ts: "2026-13-45 99:00:00+00", id: agentId })}`,
    status: 400,
  },
  { name: "overlong search", method: "GET", url: `/api/v1/agents?search=${"a".repeat(300)}`, status: 400 },
  { name: "unknown API route", method: "GET", url: "/api/v1/nope", status: 404 },
  {
    name: "bad task status",
    ...raw("PATCH", `/api/v1/agents/${agentId}/tasks/00000000-0000-4000-8000-000000000000`, '{"status":"done"}', 400),
  },
  // Issue 14: mistakes that used to answer 500.
  {
    name: "forged cursor (36 characters, no UUID)",
    method: "GET",
    url: `/api/v1/agents?cursor=${encodeCursor({ ts: "2026-01-01 00:00:00+00", id: "-".repeat(36) })}`,
    status: 400,
  },
  {
    name: "forged cursor (31 February)",
    method: "GET",
    url: `/api/v1/agents?cursor=${encodeCursor({ ts: "2026-02-31 10:00:00", id: agentId })}`,
    status: 400,
  },
  {
    name: "forged cursor (year 0)",
    method: "GET",
    url: `/api/v1/interactions?cursor=${encodeCursor({ ts: "0000-01-01 00:00:00", id: agentId })}`,
    status: 400,
  },
  { name: "NUL in the agents search", method: "GET", url: "/api/v1/agents?search=a%00b", status: 400 },
  { name: "NUL in an interactions sessionId filter", method: "GET", url: "/api/v1/interactions?sessionId=%00", status: 400 },
  { name: "NUL in an agent name", ...raw("POST", "/api/v1/agents", '{"name": "evil\\u0000name"}', 400) },
  {
    name: "a lone surrogate in a task input",
    ...raw("POST", `/api/v1/agents/${agentId}/tasks`, '{"title": "t", "input": {"q": "\\ud800"}}', 400),
  },
  { name: "NUL in a JSON key", ...raw("POST", `/api/v1/agents/${agentId}/tasks`, '{"title": "t", "input": {"\\u0000": 1}}', 400) },
  {
    name: "a broken multipart body",
    method: "POST",
    url: "/api/v1/transcriptions",
    body: '--b\r\ncontent-disposition: form-data; name="file"\r\n\r\nRIFF--',
    status: 400,
    headers: { "content-type": "multipart/form-data; boundary=b" },
  },
  {
    name: "multipart without a boundary",
    method: "POST",
    url: "/api/v1/transcriptions",
    body: "whatever",
    status: 400,
    headers: { "content-type": "multipart/form-data" },
  },
];

describe("bad input", () => {
  it("answers every malformed request with a 4xx error body and writes nothing", async () => {
    const before = await counts();
    let expectedTasks = before?.tasks ?? 0;
    for (const c of cases()) {
      const res = await request(app, me, { method: c.method, url: c.url, payload: c.body, headers: c.headers });
      expect({ case: c.name, status: res.statusCode }).toEqual({ case: c.name, status: c.status });
      if (c.status === 201) {
        expectedTasks += 1;
        continue;
      }
      const body = ErrorBody.parse(res.json());
      expect(body.error.code, c.name).toMatch(/^[a-z_]+$/);
      expect(body.error.message.length, c.name).toBeGreaterThan(5);
    }
    const after = await counts();
    expect(after).toEqual({ ...before, tasks: expectedTasks });
  });

  it("names the failing fields in validation errors", async () => {
    const res = await request(app, me, {
      method: "POST",
      url: "/api/v1/agents",
      payload: { name: "", config: { temperature: "hot", maxTokens: -5 } },
    });
    const body = parsed(res, ErrorBody, 400);
    expect(body.error.code).toBe("validation_failed");
    expect(
      z
        .array(z.object({ path: z.string(), message: z.string() }))
        .parse(body.error.details)
        .map((d) => d.path),
    ).toEqual(expect.arrayContaining(["body.name", "body.config.temperature", "body.config.maxTokens"]));
  });

  it("keeps the process serving after all of that", async () => {
    const res = await request(app, me, { method: "GET", url: `/api/v1/agents/${agentId}` });
    expect(res.statusCode).toBe(200);
  });
});
