/**
 * Property-based bad input for every route of the OpenAPI document (generated from the routes' zod
 * schemas): shapes built from each schema's own field names filled with hostile values, plus
 * arbitrary JSON, hostile path parameters and query strings (NUL, lone surrogates, impossible dates,
 * huge numbers, edited cursors on every parameter). Never a 5xx, the process stays up, and the data
 * keeps its invariants (nothing half-written).
 */
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { queryRows } from "../src/platform/db/rows.js";
import { Build, BuildAccepted } from "@vta/contracts";
import { createAgent, createApiKeyActor, createTask, createWorkspace, request, startTestApp, type Actor, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";

interface Operation {
  method: string;
  path: string;
  properties: string[];
  query: string[];
}

let app: TestApp;
let me: Actor;
let key: Actor;
const ids: Record<string, string> = {};

const HOSTILE = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "null",
    "undefined",
    "NaN",
    "-1",
    "1e309",
    "0x1F",
    "<script>alert(1)</script>",
    "'; drop table agents; --",
    "../../etc/passwd",
    "%00",
    "\u0000",
    "\ud800",
    "🙂".repeat(50),
    "a".repeat(20_000),
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 3 }),
);

function operations(doc: {
  paths: Record<string, Record<string, { requestBody?: unknown; parameters?: { in: string; name: string }[] }>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      // Logging out would end the session the rest of the test uses; a live stream never ends.
      if (path.endsWith("/auth/logout") || path.endsWith("/performance/stream")) continue;
      const body = (op.requestBody as { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } | undefined)
        ?.content?.["application/json"]?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        properties: Object.keys(body?.properties ?? {}),
        query: (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name),
      });
    }
  }
  return ops;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const SOME_UUID = "0b9f8d6e-1c1a-4c55-9f3e-2d1f0b7a9c11";

/** Query values: text PostgreSQL cannot store, impossible dates, huge numbers, edited cursors. */
const QUERY_VALUE = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(
    "-1",
    "1e9",
    "1e309",
    "99999999999999999999",
    "%",
    "[]",
    "\u0000",
    "a\u0000b",
    "\ud800",
    "\udfff x",
    "2026-02-31",
    "0000-01-01",
    "2026-13-01",
    "2026-02-31 10:00:00",
    "rating",
    "-rating",
    "title",
    "createdAt",
  ),
  fc.constantFrom(
    b64(["abc", SOME_UUID]),
    b64(["2026-02-31 10:00:00", SOME_UUID]),
    b64(["0000-01-01 00:00:00", SOME_UUID]),
    b64(["2026-01-01 00:00:00", "-".repeat(36)]),
    b64([null, SOME_UUID]),
    b64(["1e309", SOME_UUID]),
    b64(["\u0000", SOME_UUID]),
    b64([1, 2]),
    "@@@",
  ),
);

const pathParam = (name: string) =>
  fc.oneof(
    fc.constant(ids[name] ?? ids.id ?? "00000000-0000-0000-0000-000000000000"),
    fc.uuid(),
    fc.constantFrom(
      "not-a-uuid",
      "..",
      "%2e%2e",
      "0",
      "-1",
      "a".repeat(300),
      "book",
      "Book",
      "__proto__",
      "constructor",
      "\u0000",
      "\ud800",
      "-".repeat(36),
    ),
  );

beforeAll(async () => {
  app = await startTestApp({
    databaseUrl: inject("databaseUrl"),
    env: { RATE_LIMIT_KEY_PER_MINUTE: "0", RATE_LIMIT_IP_PER_MINUTE: "0", INGEST_FLUSH_MS: "2" },
  });
  me = await createWorkspace(app, "Fuzz");
  key = await createApiKeyActor(app, me);
  const agent = await createAgent(app, me);
  const task = await createTask(app, me, agent.id);
  const started = parsed(
    await request(app, me, { method: "POST", url: "/api/v1/apps", payload: { text: "track books with a title and a rating" } }),
    BuildAccepted,
    202,
  );
  for (let i = 0; i < 100; i++) {
    if (parsed(await request(app, me, { method: "GET", url: `/api/v1/builds/${started.buildId}` }), Build).status === "succeeded") break;
    await new Promise((r) => setTimeout(r, 25));
  }
  Object.assign(ids, { id: agent.id, taskId: task.id, appId: started.appId, buildId: started.buildId, entity: "book" });
});
afterAll(() => app.close());

describe("fuzzing every route", () => {
  it("never answers 5xx to hostile input, stays up, and keeps the data consistent", async () => {
    const ops = operations(app.fastify.swagger() as never);
    expect(ops.length).toBeGreaterThan(40);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const op of ops) {
      const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const arb = fc.record({
        params: fc.tuple(...names.map(pathParam)),
        body: fc.oneof(
          fc.dictionary(fc.constantFrom(...op.properties, "extra", "__proto__", "constructor"), HOSTILE, {
            maxKeys: op.properties.length + 2,
          }),
          HOSTILE,
        ),
        query: fc.dictionary(fc.constantFrom(...op.query, "limit", "cursor", "sort", "search", "x"), QUERY_VALUE),
        asKey: fc.boolean(),
      });
      await fc
        .assert(
          fc.asyncProperty(arb, async ({ params, body, query, asKey }) => {
            let url = op.path;
            names.forEach((n, i) => (url = url.replace(`{${n}}`, encodeURIComponent(params[i]!))));
            const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)] as [string, string])).toString();
            const res = await request(app, asKey ? key : me, {
              method: op.method,
              url: `${url}${qs ? `?${qs}` : ""}`,
              ...(op.method === "GET" || op.method === "DELETE"
                ? {}
                : { payload: JSON.stringify(body), headers: { "content-type": "application/json" } }),
            });
            statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
            if (res.statusCode >= 500)
              failures.push(
                `${op.method} ${url}?${qs} ${JSON.stringify(body).slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 200)}`,
              );
            return res.statusCode < 500;
          }),
          { numRuns: 20, seed: 42, endOnFailure: true },
        )
        .catch(() => undefined); // collected above, reported together below
    }
    console.log(
      `fuzzed ${ops.length} operations: ${[...statuses]
        .sort((a, b) => a[0] - b[0])
        .map(([s, n]) => `${s}×${n}`)
        .join(" ")}`,
    );
    expect(failures).toEqual([]);
    expect((await app.fastify.inject({ method: "GET", url: "/livez" })).statusCode).toBe(200);
    // Nothing half-written: every agent has its config, every version its app, every build its app.
    const [broken] = await queryRows<{ agents: number; versions: number; builds: number }>(
      app.database.db,
      sql`
      select (select count(*) from agents a where not exists (select 1 from agent_configs c where c.agent_id = a.id))::int as agents,
        (select count(*) from apps a where a.current_version > 0 and not exists (select 1 from app_versions v where v.app_id = a.id and v.version = a.current_version))::int as versions,
        (select count(*) from builds b where not exists (select 1 from apps a where a.id = b.app_id))::int as builds`,
    );
    expect(broken).toEqual({ agents: 0, versions: 0, builds: 0 });
  }, 180_000);
});
