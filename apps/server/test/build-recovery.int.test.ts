/**
 * A build whose worker dies mid-job is run again and finishes once: on another BullMQ worker with
 * Redis, and by the restarted process in the embedded (in-process queue) mode.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { z } from "zod";
import { AgentDetail, AppDetail, Build, BuildAccepted, PipelineAgents } from "@vta/contracts";
import { parsed } from "./parsed.js";
import { spawnServer, spawnWorker, type ServerProcess } from "./process.js";

const databaseUrl = inject("databaseUrl");
const processes: ServerProcess[] = [];
let llm: Server;
let llmUrl: string;
/** Requests the fake model has seen; the first one of each test hangs (its worker is killed meanwhile). */
let seen = 0;
let hangFirst = true;
let onRequest: () => void = () => undefined;

const spec = {
  name: "Recovered",
  description: "",
  entities: [{ name: "note", label: "Note", pluralLabel: "Notes", fields: [{ name: "title", label: "Title", type: "text" }] }],
  views: [],
};

beforeAll(async () => {
  llm = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen++;
      onRequest();
      if (hangFirst && seen === 1) return; // the worker holding this request is about to die
      const name = (JSON.parse(body) as { response_format: { json_schema: { name: string } } }).response_format.json_schema.name;
      const content =
        name === "requirements"
          ? { goals: [{ text: "Keep notes", target: { kind: "entity", entity: "note" } }] }
          : { spec, changes: ["added notes"] };
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          choices: [{ message: { content: JSON.stringify(content) } }],
          usage: { prompt_tokens: 10, completion_tokens: 10 },
        }),
      );
    });
  });
  await new Promise<void>((r) => llm.listen(0, "127.0.0.1", r));
  llmUrl = `http://127.0.0.1:${(llm.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop("SIGKILL")));
  llm.closeAllConnections();
  await new Promise((r) => llm.close(r));
});

/** An API answer with `status`, read through its contract `schema`. */
async function api<S extends z.ZodType>(url: string, path: string, cookie: string, schema: S, status: number, body?: unknown) {
  const res = await fetch(`${url}${path}`, {
    method: body === undefined ? "GET" : path.includes("/agents/") ? "PATCH" : "POST",
    headers: { "content-type": "application/json", cookie },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return parsed(res, schema, status);
}

/** Signs up, switches the pipeline's agents to the (fake) LLM, starts a build; resolves once the model has the first request. */
async function startBuild(url: string) {
  const signup = await fetch(`${url}/api/v1/auth/signup`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: `r-${randomUUID()}@example.test`, password: "password123", name: "R" }),
  });
  const cookie = signup.headers.get("set-cookie")!.split(";")[0]!;
  const pipeline = await api(url, "/api/v1/apps/pipeline", cookie, PipelineAgents, 200, {});
  for (const role of ["requirements", "architect"] as const)
    await api(url, `/api/v1/agents/${pipeline[role]!.id}`, cookie, AgentDetail, 200, { config: { provider: "openai", model: "m" } });
  seen = 0;
  const requested = new Promise<void>((r) => (onRequest = r));
  const started = await api(url, "/api/v1/apps", cookie, BuildAccepted, 202, { text: "notes to keep" });
  await requested;
  return { cookie, ...started };
}

async function waitForBuild(url: string, cookie: string, id: string, ms = 45_000): Promise<Build> {
  const deadline = Date.now() + ms;
  for (;;) {
    const build = await api(url, `/api/v1/builds/${id}`, cookie, Build, 200);
    if (build.status === "succeeded" || build.status === "failed") return build;
    if (Date.now() > deadline) throw new Error(`build still ${build.status}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("builds survive their worker", () => {
  it("with Redis: a worker killed mid-build, the build completes on another worker, one version", async () => {
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: "redis://127.0.0.1:6379", LLM_BASE_URL: llmUrl, INGEST_FLUSH_MS: "5" };
    const apiNode = await spawnServer({ ...env, ROLE: "api" });
    processes.push(apiNode);
    const first = await spawnWorker(env);
    processes.push(first);
    hangFirst = true;
    const { cookie, appId, buildId } = await startBuild(apiNode.url);
    await first.stop("SIGKILL");
    processes.push(await spawnWorker(env));
    const build = await waitForBuild(apiNode.url, cookie, buildId);
    expect(build.status, build.error).toBe("succeeded");
    expect(build.version).toBe(1);
    expect(build.stages.map((s) => s.name)).toEqual(["requirements", "architecture", "verification"]);
    const app = await api(apiNode.url, `/api/v1/apps/${appId}`, cookie, AppDetail, 200);
    expect(app.version).toBe(1);
    expect(seen).toBeGreaterThanOrEqual(3);
  });

  it("embedded mode: the process killed mid-build runs the build again when it restarts", async () => {
    const env = { DATABASE_URL: databaseUrl, REDIS_URL: "", LLM_BASE_URL: llmUrl, INGEST_FLUSH_MS: "5" };
    const node = await spawnServer(env);
    processes.push(node);
    hangFirst = true;
    const { cookie, buildId } = await startBuild(node.url);
    await node.stop("SIGKILL");
    const again = await spawnServer({ ...env, PORT: new URL(node.url).port });
    processes.push(again);
    const build = await waitForBuild(again.url, cookie, buildId);
    expect(build.status, build.error).toBe("succeeded");
    expect(build.version).toBe(1);
  });
});
