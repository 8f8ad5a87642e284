import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import {
  createAgent,
  createApiKeyActor,
  createTask,
  createWorkspace,
  json,
  request,
  startTestApp,
  type Actor,
  type TestApp,
} from "./harness.js";

let app: TestApp;
let victim: Actor;
let ids: { agent: string; task: string; apiKey: string; app: string; build: string; record: string };

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
  victim = await createWorkspace(app, "Victim");
  const agent = await createAgent(app, victim);
  const task = await createTask(app, victim, agent.id);
  const key = await createApiKeyActor(app, victim);
  const started = json<{ appId: string; buildId: string }>(await request(app, victim, { method: "POST", url: "/api/v1/apps", payload: { text: "Track books with a title and an author" } }));
  for (let i = 0; i < 200; i++) {
    const build = json<{ status: string }>(await request(app, victim, { method: "GET", url: `/api/v1/builds/${started.buildId}` }));
    if (build.status === "succeeded") break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const record = json<{ id: string }>(await request(app, victim, { method: "POST", url: `/api/v1/apps/${started.appId}/records/book`, payload: { title: "Dune" } }));
  ids = { agent: agent.id, task: task.id, apiKey: key.keyId, app: started.appId, build: started.buildId, record: record.id };
});
afterAll(() => app.close());

/** Every route that takes an id of a workspace's resource. */
const routes = () => [
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
        expect(json<{ error: { code: string } }>(res).error.code).toBe("not_found");
      }
      const anon = await request(app, null, { ...route });
      expect(anon.statusCode).toBe(401);
    }
    // Nothing of the victim's changed.
    const agent = json<{ name: string; taskCounts: { pending: number } }>(
      await request(app, victim, { method: "GET", url: `/api/v1/agents/${ids.agent}` }),
    );
    expect(agent.name).not.toBe("pwned");
    expect(agent.taskCounts.pending).toBe(1);
    const keys = json<{ items: unknown[] }>(await request(app, victim, { method: "GET", url: "/api/v1/api-keys" }));
    expect(keys.items).toHaveLength(1);
    const victimApp = json<{ version: number; shareToken: string | null }>(await request(app, victim, { method: "GET", url: `/api/v1/apps/${ids.app}` }));
    expect(victimApp).toMatchObject({ version: 1, shareToken: null });
    const book = json<{ data: { title: string } }>(await request(app, victim, { method: "GET", url: `/api/v1/apps/${ids.app}/records/book/${ids.record}` }));
    expect(book.data.title).toBe("Dune");
  });

  it("never lists another workspace's agents or keys", async () => {
    const intruder = await createWorkspace(app);
    const agents = json<{ items: unknown[] }>(await request(app, intruder, { method: "GET", url: "/api/v1/agents" }));
    expect(agents.items).toEqual([]);
    const keys = json<{ items: unknown[] }>(await request(app, intruder, { method: "GET", url: "/api/v1/api-keys" }));
    expect(keys.items).toEqual([]);
  });
});
