import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import {
  createAgent,
  createTask,
  createWorkspace,
  queriesOf,
  request,
  startTestApp,
  type Actor,
  type TestApp,
} from "../../../test/harness.js";
import { queryRows } from "../../platform/db/rows.js";
import { z } from "zod";
import { Agent, AgentDetail, type Page as PageOf, pageOf, Task } from "@vta/contracts";
import { parsed } from "../../../test/parsed.js";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
});
afterAll(() => app.close());

const Page = pageOf(Agent);
const list = async (actor: Actor, qs = "") => parsed(await request(app, actor, { method: "GET", url: `/api/v1/agents${qs}` }), Page);

describe("agents", () => {
  it("creates an agent with config defaults and reads it back", async () => {
    const me = await createWorkspace(app);
    const res = await request(app, me, {
      method: "POST",
      url: "/api/v1/agents",
      payload: { name: "Support bot", description: "Answers tickets", config: { temperature: 0.7, priceInputPer1k: 0.0015 } },
    });
    const agent = parsed(res, AgentDetail, 201);
    expect(agent).toMatchObject({
      name: "Support bot",
      status: "active",
      role: "general",
      config: { provider: "builtin", temperature: 0.7, priceInputPer1k: 0.0015, maxTokens: 2048 },
      metrics: { totalInteractions: 0, averageResponseTime: 0, totalCost: 0, userSatisfaction: null },
      taskCounts: { pending: 0, inProgress: 0, completed: 0, failed: 0 },
    });
    const got = parsed(await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}` }), AgentDetail);
    expect(got).toEqual(agent);
  });

  it("updates fields and config, toggles status, and deletes so it vanishes from every read", async () => {
    const me = await createWorkspace(app);
    const agent = await createAgent(app, me, { name: "Old" });
    const patched = await request(app, me, {
      method: "PATCH",
      url: `/api/v1/agents/${agent.id}`,
      payload: { name: "New", status: "inactive", config: { model: "gpt-x", systemPrompt: "Be brief" } },
    });
    expect(parsed(patched, AgentDetail)).toMatchObject({
      name: "New",
      status: "inactive",
      config: { model: "gpt-x", systemPrompt: "Be brief", temperature: 0.2 },
    });

    const deleted = await request(app, me, { method: "DELETE", url: `/api/v1/agents/${agent.id}` });
    expect([deleted.statusCode, deleted.body]).toEqual([204, ""]);
    expect((await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}` })).statusCode).toBe(404);
    expect((await list(me)).items.map((a) => a.id)).not.toContain(agent.id);
    expect((await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/tasks` })).statusCode).toBe(404);
    expect((await request(app, me, { method: "DELETE", url: `/api/v1/agents/${agent.id}` })).statusCode).toBe(404);
  });

  it("manages tasks: create, list by status, move through statuses with timestamps", async () => {
    const me = await createWorkspace(app);
    const agent = await createAgent(app, me);
    const t1 = await createTask(app, me, agent.id, "first");
    const t2 = await createTask(app, me, agent.id, "second");
    const started = await request(app, me, {
      method: "PATCH",
      url: `/api/v1/agents/${agent.id}/tasks/${t1.id}`,
      payload: { status: "in_progress" },
    });
    expect(parsed(started, Task)).toMatchObject({ status: "in_progress", completedAt: null });
    expect(parsed(started, Task).startedAt).not.toBeNull();
    const done = await request(app, me, {
      method: "PATCH",
      url: `/api/v1/agents/${agent.id}/tasks/${t1.id}`,
      payload: { status: "completed", output: { answer: 42 } },
    });
    expect(parsed(done, Task)).toMatchObject({ status: "completed", output: { answer: 42 } });
    expect(parsed(done, Task).completedAt).not.toBeNull();

    const pending = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}/tasks?status=pending` }),
      z.object({ items: z.array(Task) }),
    );
    expect(pending.items.map((t) => t.id)).toEqual([t2.id]);
    const detail = parsed(await request(app, me, { method: "GET", url: `/api/v1/agents/${agent.id}` }), AgentDetail);
    expect(detail.taskCounts).toEqual({ pending: 1, inProgress: 0, completed: 1, failed: 0 });
    expect(detail.openTasks.map((t) => t.id)).toEqual([t2.id]);
    expect(detail.recentTasks.map((t) => t.id)).toEqual([t2.id, t1.id]);
  });

  it("pages with keyset cursors, newest first, without gaps or repeats", async () => {
    const me = await createWorkspace(app);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await createAgent(app, me, { name: `P${i}` })).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: PageOf<Agent> = await list(me, `?limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...ids].reverse());
  });

  it("filters by status and searches name and description case-insensitively, as plain text", async () => {
    const me = await createWorkspace(app);
    await createAgent(app, me, { name: "Invoice Parser", description: "reads PDFs" });
    await createAgent(app, me, { name: "Greeter", description: "Says hello to INVOICE senders", status: "inactive" });
    await createAgent(app, me, { name: "50%_off bot", description: "discounts" });
    await createAgent(app, me, { name: "Robert'); DROP TABLE agents;--", description: "little bobby" });

    expect((await list(me, "?search=invoice")).items.map((a) => a.name).sort()).toEqual(["Greeter", "Invoice Parser"]);
    expect((await list(me, "?search=invoice&status=active")).items.map((a) => a.name)).toEqual(["Invoice Parser"]);
    expect((await list(me, `?search=${encodeURIComponent("%")}`)).items.map((a) => a.name)).toEqual(["50%_off bot"]);
    expect((await list(me, `?search=${encodeURIComponent("_")}`)).items.map((a) => a.name)).toEqual(["50%_off bot"]);
    const injection = await list(me, `?search=${encodeURIComponent("'); DROP TABLE agents;--")}`);
    expect(injection.items.map((a) => a.name)).toEqual(["Robert'); DROP TABLE agents;--"]);
    expect((await list(me, `?search=${encodeURIComponent("' OR '1'='1")}`)).items).toEqual([]);
    expect((await list(me)).items).toHaveLength(4);
  });

  it("uses a trigram index for the search", async () => {
    const plan = await queryRows<{ "QUERY PLAN": string }>(
      app.database.db,
      sql`explain select id from agents where (name || ' ' || description) ilike '%invoice%'`,
    );
    // Small tables may seq-scan; the index must at least exist and be usable when forced.
    await app.database.db.execute(sql`set enable_seqscan = off`);
    const forced = await queryRows<{ "QUERY PLAN": string }>(
      app.database.db,
      sql`explain select id from agents where (name || ' ' || description) ilike '%invoice%'`,
    );
    await app.database.db.execute(sql`set enable_seqscan = on`);
    expect(plan.length).toBeGreaterThan(0);
    expect(forced.map((r) => r["QUERY PLAN"]).join("\n")).toContain("agents_search_trgm_idx");
  });

  it("loads a page of 50 agents with 20 tasks each in one SQL statement (+1 for auth)", async () => {
    const me = await createWorkspace(app);
    await app.database.db.execute(sql`
      with a as (
        insert into agents (workspace_id, name) select ${me.workspaceId}, 'Bulk ' || g from generate_series(1, 60) g returning id, workspace_id
      ), c as (insert into agent_configs (agent_id, workspace_id) select id, workspace_id from a)
      insert into agent_tasks (workspace_id, agent_id, title, status)
      select a.workspace_id, a.id, 'task ' || t, (array['pending','in_progress','completed','failed'])[1 + t % 4]
      from a, generate_series(1, 20) t`);
    const res = await request(app, me, { method: "GET", url: "/api/v1/agents?limit=50" });
    const page = parsed(res, Page);
    expect(page.items).toHaveLength(50);
    expect(page.items[0]?.taskCounts).toEqual({ pending: 5, inProgress: 5, completed: 5, failed: 5 });
    expect(page.items[0]?.recentTasks).toHaveLength(5);
    expect(queriesOf(res)).toBeLessThanOrEqual(2);
    expect(queriesOf(res)).toBeGreaterThanOrEqual(1);
  });
});
