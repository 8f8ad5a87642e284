import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { z } from "zod";
import { Agent, AgentDetail, ApiKey, AppDetail, AppRecord, Build, BuildAccepted, ErrorBody, pageOf } from "@vta/contracts";
import { createAgent, createApiKeyActor, createTask, createWorkspace, request, startTestApp, type Actor, type TestApp } from "./harness.js";
import { parsed } from "./parsed.js";

const ApiKeys = z.object({ items: z.array(ApiKey) });

let app: TestApp;
let victim: Actor;
let ids: { agent: string; task: string; apiKey: string; app: string; build: string; record: string };

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
  victim = await createWorkspace(app, "Victim");
  const agent = await createAgent(app, victim);
  const task = await createTask(app, victim, agent.id);
  const key = await createApiKeyActor(app, victim);
  const started = parsed(
    await request(app, victim, { method: "POST", url: "/api/v1/apps", payload: { text: "Track books with a title and an author" } }),
    BuildAccepted,
    202,
  );
  for (let i = 0; i < 200; i++) {
    const build = parsed(await request(app, victim, { method: "GET", url: `/api/v1/builds/${started.buildId}` }), Build);
    if (build.status === "succeeded") break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const record = parsed(
    await request(app, victim, { method: "POST", url: `/api/v1/apps/${started.appId}/records/book`, payload: { title: "Dune" } }),
    AppRecord,
    201,
  );
  ids = { agent: agent.id, task: task.id, apiKey: key.keyId, app: started.appId, build: started.buildId, record: record.id };
});
afterAll(() => app.close());

/** Every route that takes an id of a workspace's resource. */
const routes = () =>
  [
    { method: "GET", url: `/api/v1/agents/${ids.agent}` },
    { method: "PATCH", url: `/api/v1/agents/${ids.agent}`, payload: { name: "pwned" } },
    { method: "DELETE", url: `/api/v1/agents/${ids.agent}` },
    { method: "GET", url: `/api/v1/agents/${ids.agent}/tasks` },
    { method: "POST", url: `/api/v1/agents/${ids.agent}/tasks`, payload: { title: "pwned" } },
    { method: "PATCH", url: `/api/v1/agents/${ids.agent}/tasks/${ids.task}`, payload: { status: "failed" } },
    { method: "DELETE", url: `/api/v1/api-keys/${ids.apiKey}` },
    { method: "PATCH", url: `/api/v1/members/${victim.userId}`, payload: { role: "viewer" } },
    { method: "DELETE", url: `/api/v1/members/${victim.userId}` },
    { method: "GET", url: `/api/v1/apps/${ids.app}` },
    { method: "POST", url: `/api/v1/apps/${ids.app}/revisions`, payload: { text: "remove the author" } },
    { method: "GET", url: `/api/v1/apps/${ids.app}/builds` },
    { method: "GET", url: `/api/v1/apps/${ids.app}/versions` },
    { method: "GET", url: `/api/v1/apps/${ids.app}/versions/1` },
    { method: "GET", url: `/api/v1/apps/${ids.app}/diff?from=1&to=1` },
    { method: "POST", url: `/api/v1/apps/${ids.app}/revert`, payload: { version: 1 } },
    { method: "POST", url: `/api/v1/apps/${ids.app}/share` },
    { method: "DELETE", url: `/api/v1/apps/${ids.app}/share` },
    { method: "GET", url: `/api/v1/apps/${ids.app}/export` },
    { method: "GET", url: `/api/v1/builds/${ids.build}` },
    { method: "GET", url: `/api/v1/builds/${ids.build}/events` },
    { method: "POST", url: `/api/v1/builds/${ids.build}/rating`, payload: { rating: 1 } },
    { method: "GET", url: `/api/v1/apps/${ids.app}/records/book` },
    { method: "POST", url: `/api/v1/apps/${ids.app}/records/book`, payload: { title: "pwned" } },
    { method: "GET", url: `/api/v1/apps/${ids.app}/records/book/${ids.record}` },
    { method: "PATCH", url: `/api/v1/apps/${ids.app}/records/book/${ids.record}`, payload: { title: "pwned" } },
    { method: "DELETE", url: `/api/v1/apps/${ids.app}/records/book/${ids.record}` },
    { method: "DELETE", url: `/api/v1/apps/${ids.app}` },
  ] as const;

describe("tenant isolation", () => {
  it("answers 404 to another workspace's session and API key, and 401 without credentials", async () => {
    const intruder = await createWorkspace(app, "Intruder");
    const intruderKey = await createApiKeyActor(app, intruder);
    for (const route of routes()) {
      for (const actor of [intruder, intruderKey]) {
        const res = await request(app, actor, { ...route });
        expect({ route: `${route.method} ${route.url}`, via: actor.userId ? "session" : "key", status: res.statusCode }).toEqual({
          route: `${route.method} ${route.url}`,
          via: actor.userId ? "session" : "key",
          status: 404,
        });
        expect(ErrorBody.parse(res.json()).error.code).toBe("not_found");
      }
      const anon = await request(app, null, { ...route });
      expect(anon.statusCode).toBe(401);
    }
    // Nothing of the victim's changed.
    const agent = parsed(await request(app, victim, { method: "GET", url: `/api/v1/agents/${ids.agent}` }), AgentDetail);
    expect(agent.name).not.toBe("pwned");
    expect(agent.taskCounts.pending).toBe(1);
    const keys = parsed(await request(app, victim, { method: "GET", url: "/api/v1/api-keys" }), ApiKeys);
    expect(keys.items).toHaveLength(1);
    const victimApp = parsed(await request(app, victim, { method: "GET", url: `/api/v1/apps/${ids.app}` }), AppDetail);
    expect(victimApp).toMatchObject({ version: 1, shareToken: null });
    const book = parsed(
      await request(app, victim, { method: "GET", url: `/api/v1/apps/${ids.app}/records/book/${ids.record}` }),
      AppRecord,
    );
    expect(book.data.title).toBe("Dune");
  });

  it("never lists another workspace's agents or keys", async () => {
    const intruder = await createWorkspace(app);
    const agents = parsed(await request(app, intruder, { method: "GET", url: "/api/v1/agents" }), pageOf(Agent));
    expect(agents.items).toEqual([]);
    const keys = parsed(await request(app, intruder, { method: "GET", url: "/api/v1/api-keys" }), ApiKeys);
    expect(keys.items).toEqual([]);
  });
});
