/**
 * The openai engine against a local OpenAI-compatible server (real HTTP on loopback): JSON-schema
 * requests, validation with one repair retry, tokens and cost from `usage`.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { AppDetail, Build, BuildAccepted, Interaction, pageOf, PipelineAgents } from "@vta/contracts";
import { createWorkspace, request, startTestApp, type Actor, type TestApp } from "../../../../test/harness.js";
import { parsed } from "../../../../test/parsed.js";

interface Call {
  model: string;
  schemaName: string;
  messages: { role: string; content: string }[];
  authorization: string | undefined;
}

const calls: Call[] = [];
/** What the fake model answers to an architect request: a queue of contents, then the good spec. */
let architectAnswers: string[] = [];

const goodSpec = {
  name: "Book Shelf",
  description: "books",
  entities: [
    {
      name: "book",
      label: "Book",
      pluralLabel: "Books",
      fields: [
        { name: "title", label: "Title", type: "text", required: true },
        { name: "pages", label: "Pages", type: "number" },
      ],
    },
  ],
  views: [{ id: "bookTable", type: "table", entity: "book", title: "Books" }],
};

let llm: Server;
let app: TestApp;
let me: Actor;

beforeAll(async () => {
  llm = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.url !== "/v1/chat/completions") {
        res.writeHead(404).end();
        return;
      }
      const parsed = JSON.parse(body) as { model: string; messages: Call["messages"]; response_format: { json_schema: { name: string } } };
      const schemaName = parsed.response_format.json_schema.name;
      calls.push({ model: parsed.model, schemaName, messages: parsed.messages, authorization: req.headers.authorization });
      const content =
        schemaName === "requirements"
          ? JSON.stringify({
              goals: [
                { text: "Keep track of books", target: { kind: "entity", entity: "book" } },
                {
                  text: "Each book has a number of pages",
                  target: { kind: "field", entity: "book", field: "pages", type: "number" },
                  words: "page counts",
                },
              ],
              summary: "2 goals",
              unclear: [{ text: "a shelf", hint: "Is a shelf something to keep track of? Say: track shelves with a name." }],
            })
          : (architectAnswers.shift() ?? JSON.stringify({ spec: goodSpec, changes: ["added books"] }));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ choices: [{ message: { role: "assistant", content } }], usage: { prompt_tokens: 1000, completion_tokens: 500 } }),
      );
    });
  });
  await new Promise<void>((r) => llm.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(llm.address() as AddressInfo).port}/v1`;
  app = await startTestApp({
    databaseUrl: inject("databaseUrl"),
    env: { LLM_BASE_URL: base, LLM_API_KEY: "sk-test", INGEST_FLUSH_MS: "5" },
  });
  me = await createWorkspace(app, "LLM user");
  const pipeline = parsed(await request(app, me, { method: "POST", url: "/api/v1/apps/pipeline" }), PipelineAgents);
  for (const role of ["requirements", "architect"] as const) {
    const res = await request(app, me, {
      method: "PATCH",
      url: `/api/v1/agents/${pipeline[role]!.id}`,
      payload: { config: { provider: "openai", model: `model-${role}`, priceInputPer1k: 0.5, priceOutputPer1k: 1.5 } },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
});

afterAll(async () => {
  await app.close();
  await new Promise((r) => llm.close(r));
});

async function buildOnce(text: string): Promise<Build & { appId: string }> {
  const res = await request(app, me, { method: "POST", url: "/api/v1/apps", payload: { text } });
  const { buildId, appId } = parsed(res, BuildAccepted, 202);
  for (let i = 0; i < 200; i++) {
    const build = parsed(await request(app, me, { method: "GET", url: `/api/v1/builds/${buildId}` }), Build);
    if (build.status === "succeeded" || build.status === "failed") return { ...build, appId };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("build did not finish");
}

describe("openai engine", () => {
  it("asks for JSON-schema output, repairs an invalid answer once, and prices the tokens", async () => {
    calls.length = 0;
    architectAnswers = [
      JSON.stringify({
        spec: { ...goodSpec, entities: [{ ...goodSpec.entities[0], fields: [{ name: "Bad Name", label: "x", type: "number" }] }] },
      }),
    ];
    const build = await buildOnce("A shelf of books with titles and page counts");
    expect(build.status, build.error).toBe("succeeded");
    expect(calls.map((c) => c.schemaName)).toEqual(["requirements", "app_spec", "app_spec"]);
    expect(calls[0]!.model).toBe("model-requirements");
    expect(calls[0]!.authorization).toBe("Bearer sk-test");
    // The retry shows the model what was wrong.
    expect(calls[2]!.messages.at(-1)!.content).toMatch(/invalid.*lowerCamelCase/);

    const detail = parsed(await request(app, me, { method: "GET", url: `/api/v1/apps/${build.appId}` }), AppDetail);
    expect(detail.spec!.name).toBe("Book Shelf");
    expect(detail.goals.map((g) => g.status)).toEqual(["met", "met"]);
    // The model's words and unclear phrases reach the person like the builtin engine's.
    expect(detail.goals.find((g) => g.target.kind === "field")?.words).toBe("page counts");
    expect(build.unclear).toEqual([{ text: "a shelf", hint: "Is a shelf something to keep track of? Say: track shelves with a name." }]);

    const architect = build.stages.find((s) => s.name === "architecture")!;
    const interactions = parsed(
      await request(app, me, { method: "GET", url: `/api/v1/interactions?agentId=${architect.agentId}` }),
      pageOf(Interaction),
    );
    const mine = interactions.items.find((i) => i.id === architect.interactionId)!;
    // Two calls of 1000 in + 500 out: 2000 × 0.5/1k + 1000 × 1.5/1k = 2.5
    expect(mine).toMatchObject({ tokensIn: 2000, tokensOut: 1000, cost: 2.5 });
  });

  it("fails the build with a readable reason when the answer is invalid twice", async () => {
    architectAnswers = ["not json at all", JSON.stringify({ spec: { name: "x", entities: [], views: [] } })];
    const build = await buildOnce("Another shelf of books");
    expect(build.status).toBe("failed");
    expect(build.error).toMatch(/failed validation twice: .*at least one entity/);
  });
});
