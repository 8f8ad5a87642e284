import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { AgentDetail, CreatedApiKey } from "@vta/contracts";
import { parsed } from "./parsed.js";
import { spawnServer, type ServerProcess } from "./process.js";

const databaseUrl = inject("databaseUrl");
let server: ServerProcess | null = null;
afterAll(async () => {
  await server?.stop();
});

async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("graceful shutdown under ingest load", () => {
  it("keeps every acknowledged interaction after SIGTERM, exactly once, and exits 0 within 10 s", async () => {
    server = await spawnServer({ DATABASE_URL: databaseUrl, INGEST_FLUSH_MS: "20" });
    const signup = await post(server.url, "/api/v1/auth/signup", {
      email: `sig-${randomUUID()}@example.test`,
      password: "password123",
      name: "Sig",
    });
    const cookie = signup.headers.get("set-cookie")!.split(";")[0]!;
    const keyRes = await post(server.url, "/api/v1/api-keys", { name: "load" }, { cookie });
    const { key } = await parsed(keyRes, CreatedApiKey, 201);
    const auth = { authorization: `Bearer ${key}` };
    const agentRes = await post(server.url, "/api/v1/agents", { name: "Under load" }, auth);
    const { id: agentId } = await parsed(agentRes, AgentDetail, 201);

    const acked = new Set<string>();
    const unacked: string[][] = [];
    let stop = false;
    const client = async () => {
      while (!stop) {
        const ids = Array.from({ length: 25 }, () => randomUUID());
        try {
          const res = await post(
            server!.url,
            "/api/v1/interactions",
            { items: ids.map((id) => ({ id, agentId, responseTimeMs: 7, endUserId: "u" })) },
            auth,
          );
          if (res.status === 201) ids.forEach((id) => acked.add(id));
          else {
            unacked.push(ids);
            if (res.status !== 503) throw new Error(`unexpected ${res.status}: ${await res.text()}`);
          }
          await res.arrayBuffer().catch(() => undefined);
        } catch (err) {
          if (err instanceof Error && err.message.startsWith("unexpected")) throw err;
          unacked.push(ids); // connection refused or reset: not acknowledged
          await new Promise((r) => setTimeout(r, 20));
        }
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await new Promise((r) => setTimeout(r, 1500));
    const { code, ms } = await server.stop();
    stop = true;
    await Promise.all(clients);
    expect(code).toBe(0);
    expect(ms).toBeLessThan(10_000);
    expect(acked.size).toBeGreaterThan(500);

    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const ids = [...acked];
      const { rows } = await db.query<{ n: number; distinct: number }>(
        "select count(*)::int as n, count(distinct id)::int as distinct from interactions where id = any($1::uuid[])",
        [ids],
      );
      expect(rows[0]).toEqual({ n: ids.length, distinct: ids.length });
      const { rows: totals } = await db.query<{ raw: number; rollup: number }>(
        `select (select count(*)::int from interactions where agent_id = $1) as raw,
                (select coalesce(sum(interactions), 0)::int from agent_daily_stats where agent_id = $1) as rollup`,
        [agentId],
      );
      expect(totals[0]!.rollup).toBe(totals[0]!.raw);
    } finally {
      await db.end();
    }

    // After a restart, retried batches that were never acknowledged are accepted at most once.
    server = await spawnServer({ DATABASE_URL: databaseUrl });
    for (const ids of unacked.slice(0, 20)) {
      const res = await post(server.url, "/api/v1/interactions", { items: ids.map((id) => ({ id, agentId, responseTimeMs: 7 })) }, auth);
      expect(res.status).toBe(201);
    }
    const res = await fetch(`${server.url}/api/v1/agents/${agentId}`, { headers: auth });
    const agent = await parsed(res, AgentDetail);
    const retried = new Set(unacked.slice(0, 20).flat());
    expect(agent.metrics.totalInteractions).toBe(new Set([...acked, ...retried]).size);
  });
});
