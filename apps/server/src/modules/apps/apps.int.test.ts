import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import {
  Agent,
  AppDetail,
  AppDiff,
  AppRecord,
  BuildAccepted,
  BuildRating,
  ErrorBody,
  Interaction,
  pageOf,
  PipelineAgents,
  SharedApp,
  ShareLink,
  Task,
} from "@vta/contracts";
import { buildAndWait, createWorkspace, request, startTestApp, type Actor, type TestApp } from "../../../test/harness.js";
import { parsed } from "../../../test/parsed.js";

let app: TestApp;
let me: Actor;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl"), env: { INGEST_FLUSH_MS: "5" } });
  me = await createWorkspace(app, "Builder");
});
afterAll(() => app.close());

const build = (text: string, appId?: string) => buildAndWait(app, me, text, appId);

const detail = async (id: string) => parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${id}` }), AppDetail);
const Interactions = pageOf(Interaction);
const Records = pageOf(AppRecord);

describe("describe → app → refine", () => {
  it("builds an app from a description through the three agents, with goals, tasks and interactions", async () => {
    const { appId, build: done } = await build(
      "An app to track tasks with a title, a due date and a priority of low, medium or high. Show tasks on a board by priority.",
    );
    expect(done.status, done.error).toBe("succeeded");
    expect(done.version).toBe(1);
    expect(done.stages.map((s) => [s.name, s.status])).toEqual([
      ["requirements", "succeeded"],
      ["architecture", "succeeded"],
      ["verification", "succeeded"],
    ]);
    const a = await detail(appId);
    expect(a.version).toBe(1);
    const task = a.spec!.entities.find((e) => e.name === "task")!;
    expect(task.fields.map((f) => `${f.name}:${f.type}`)).toEqual(["title:text", "dueDate:date", "priority:enum"]);
    expect(a.spec!.views.some((v) => v.type === "board" && v.entity === "task")).toBe(true);
    expect(a.goals.length).toBeGreaterThanOrEqual(7);
    expect(a.goals.every((g) => g.status === "met")).toBe(true);

    // The default agents exist now, each with a completed task and an interaction of this build.
    const pipeline = parsed(await request(app, me, { method: "GET", url: "/api/v1/apps/pipeline" }), PipelineAgents);
    expect(Object.values(pipeline).map((p) => p?.name)).toEqual(["Requirements Analyst", "App Architect", "Goal Verifier"]);
    expect(pipeline.requirements).toMatchObject({ provider: "builtin", model: expect.any(String) as unknown });
    const interactions = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/interactions?agentId=${pipeline.requirements!.id}` }),
      Interactions,
    );
    expect(interactions.items.some((i) => i.sessionId === done.id)).toBe(true);
    const tasks = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/agents/${pipeline.architect!.id}/tasks` }),
      z.object({ items: z.array(Task) }),
    );
    expect(tasks.items.some((t) => t.kind === "build.architecture" && t.status === "completed")).toBe(true);

    // A rating of the build lands on each of its interactions.
    expect((await request(app, me, { method: "POST", url: `/api/v1/builds/${done.id}/rating`, payload: { rating: 9 } })).statusCode).toBe(
      400,
    );
    expect(
      parsed(await request(app, me, { method: "POST", url: `/api/v1/builds/${done.id}/rating`, payload: { rating: 4 } }), BuildRating),
    ).toEqual({ id: done.id, rating: 4 });
    const rated = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/interactions?agentId=${pipeline.verifier!.id}` }),
      Interactions,
    );
    expect(rated.items.find((i) => i.sessionId === done.id)?.userRating).toBe(4);
  });

  it("names a second app built from the same words apart from the first", async () => {
    const ws = await createWorkspace(app, "Twins");
    const text = "Track plants with a name and a watering date.";
    const names = [];
    for (let i = 0; i < 3; i++) {
      const { appId } = await buildAndWait(app, ws, text);
      names.push(parsed(await request(app, ws, { method: "GET", url: `/api/v1/apps/${appId}` }), AppDetail).name);
    }
    expect(names).toEqual([names[0], `${names[0]} 2`, `${names[0]} 3`]);
  });

  it("refines, keeps every goal, diffs, reverts, and records validate against the spec", async () => {
    const { appId } = await build("Keep track of customers with a name, an email and a phone number.");
    const created = await request(app, me, {
      method: "POST",
      url: `/api/v1/apps/${appId}/records/customer`,
      payload: { name: "Ada", email: "ada@example.test", phone: "+44 20 7946 0000" },
    });
    expect(created.statusCode, created.body).toBe(201);

    const bad = await request(app, me, {
      method: "POST",
      url: `/api/v1/apps/${appId}/records/customer`,
      payload: { name: "Bob", email: "not-an-email", age: 3 },
    });
    expect(parsed(bad, ErrorBody, 400).error.message).toMatch(/email address.*|is not a field/);

    const { build: removal } = await build("Remove the phone field.", appId);
    expect(removal.status).toBe("succeeded");
    let a = await detail(appId);
    expect(a.version).toBe(2);
    expect(a.spec!.entities[0]!.fields.some((f) => f.name === "phone")).toBe(false);
    expect(a.goals.find((g) => g.target.kind === "field" && g.target.field === "phone")?.status).toBe("retired");
    expect(a.goals.filter((g) => g.status === "unmet")).toEqual([]);

    const diff = parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/diff?from=1&to=2` }), AppDiff);
    expect(diff.changes).toContainEqual(expect.objectContaining({ op: "removed", path: "entities.customer.phone" }));

    const reverted = await request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/revert`, payload: { version: 1 } });
    a = parsed(reverted, AppDetail);
    expect(a.version).toBe(3);
    expect(a.spec!.entities[0]!.fields.some((f) => f.name === "phone")).toBe(true);

    const list = parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/customer?search=ada` }), Records);
    expect(list.items.map((r) => r.data.name)).toEqual(["Ada"]);

    const exported = await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/export` });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers["content-type"]).toMatch(/text\/html/);
    expect(exported.body).toContain("ada@example.test");
    expect(exported.body).not.toMatch(/<\/script>[^]*<\/script>[^]*<\/script>/);

    const share = parsed(await request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/share` }), ShareLink);
    const shared = parsed(await app.fastify.inject({ method: "GET", url: `/api/v1/shared/${share.shareToken}` }), SharedApp);
    expect(shared).toMatchObject({
      version: 3,
      records: { customer: [expect.objectContaining({ data: expect.objectContaining({ name: "Ada" }) as unknown })] },
    });
    expect(parsed(await request(app, me, { method: "DELETE", url: `/api/v1/apps/${appId}/share` }), ShareLink)).toEqual({
      shareToken: null,
    });
    expect((await app.fastify.inject({ method: "GET", url: `/api/v1/shared/${share.shareToken}` })).statusCode).toBe(404);
  });

  it("pages records by any field, numbers as numbers and empty values last, in both directions", async () => {
    const { appId } = await build("Track books with a title and a score");
    for (const [title, score] of [
      ["C", 30],
      ["none", null],
      ["A", 4],
      ["E", 100],
      ["B", 20],
    ] as const) {
      const res = await request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/records/book`, payload: { title, score } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const walk = async (sort: string) => {
      const seen: unknown[] = [];
      let cursor: string | null = null;
      do {
        const page: z.infer<typeof Records> = parsed(
          await request(app, me, {
            method: "GET",
            url: `/api/v1/apps/${appId}/records/book?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
          }),
          Records,
        );
        seen.push(...page.items.map((r) => r.data.score ?? null));
        cursor = page.nextCursor;
      } while (cursor);
      return seen;
    };
    expect(await walk("score")).toEqual([4, 20, 30, 100, null]);
    expect(await walk("-score")).toEqual([100, 30, 20, 4, null]);
    const titles = parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/book?sort=title` }), Records);
    expect(titles.items.map((r) => r.data.title)).toEqual(["A", "B", "C", "E", "none"]);
    expect((await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/book?sort=nope` })).statusCode).toBe(400);
    expect((await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/book?cursor=garbage` })).statusCode).toBe(400);
    expect((await request(app, me, { method: "GET", url: `/api/v1/apps/${appId}/records/author` })).statusCode).toBe(404);
  });

  it("streams the stages of a build as server-sent events, then its final status", async () => {
    const address = await app.fastify.listen({ port: 0, host: "127.0.0.1" });
    const started = parsed(
      await request(app, me, { method: "POST", url: "/api/v1/apps", payload: { text: "Track recipes with a title and a rating" } }),
      BuildAccepted,
      202,
    );
    const res = await fetch(`${address}/api/v1/builds/${started.buildId}/events`, { headers: me.headers });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const text = await res.text(); // the stream ends after the final status
    const events = [...text.matchAll(/event: (\w+)\ndata: (.*)\n\n/g)].map((m) => ({
      event: m[1]!,
      data: JSON.parse(m[2]!) as { name?: string; status: string },
    }));
    const stages = new Set(events.filter((e) => e.event === "stage" && e.data.status === "succeeded").map((e) => e.data.name));
    expect([...stages]).toEqual(["requirements", "architecture", "verification"]);
    expect(events.at(-1)).toMatchObject({ event: "status", data: { status: "succeeded" } });
  });

  it("answers clear 4xx for bad requests and 409 when a role has no active agent", async () => {
    expect((await request(app, me, { method: "POST", url: "/api/v1/apps", payload: { text: "" } })).statusCode).toBe(400);
    expect((await request(app, me, { method: "POST", url: "/api/v1/apps", payload: { text: "x".repeat(20_000) } })).statusCode).toBe(400);
    expect(
      (
        await request(app, me, {
          method: "POST",
          url: "/api/v1/apps",
          payload: { transcriptionId: "0190a0a0-0000-7000-8000-000000000000" },
        })
      ).statusCode,
    ).toBe(404);

    const other = await createWorkspace(app, "No architect");
    // Reading the pipeline writes nothing: no agents until a build (or POST) makes them.
    expect(parsed(await request(app, other, { method: "GET", url: "/api/v1/apps/pipeline" }), PipelineAgents)).toEqual({
      requirements: null,
      architect: null,
      verifier: null,
    });
    expect(parsed(await request(app, other, { method: "GET", url: "/api/v1/agents" }), pageOf(Agent)).items).toEqual([]);
    const pipeline = parsed(await request(app, other, { method: "POST", url: "/api/v1/apps/pipeline" }), PipelineAgents);
    await request(app, other, { method: "PATCH", url: `/api/v1/agents/${pipeline.architect!.id}`, payload: { status: "inactive" } });
    const refused = await request(app, other, { method: "POST", url: "/api/v1/apps", payload: { text: "track books with a title" } });
    expect(parsed(refused, ErrorBody, 409).error.message).toMatch(/App Architect/);

    const nothing = await build("hello there, how are you");
    expect(nothing.build.status).toBe("failed");
    expect(nothing.build.error).toMatch(/keep track of/);
  });
});
