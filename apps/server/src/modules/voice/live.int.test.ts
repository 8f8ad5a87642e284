/** Live transcription over a WebSocket: partial words while the person speaks, the end found by itself, a stored transcription a command can use. */
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import WebSocket from "ws";
import { AppRecord, CommandResult, Transcription } from "@vta/contracts";
import { buildAndWait, createWorkspace, request, startTestApp, type Actor, type TestApp } from "../../../test/harness.js";
import { speakLive, spokenPcm } from "../../../test/live-client.js";
import { parsed } from "../../../test/parsed.js";

let app: TestApp;
let me: Actor;
let ws: string;
let appId: string;

beforeAll(async () => {
  app = await startTestApp({ databaseUrl: inject("databaseUrl") });
  await app.fastify.listen({ host: "127.0.0.1", port: 0 });
  ws = `ws://127.0.0.1:${(app.fastify.server.address() as AddressInfo).port}/api/v1/transcriptions/live`;
  me = await createWorkspace(app, "Live");
  const built = await buildAndWait(
    app,
    me,
    "A bakery app. Customers with name and phone. Cake orders with customer, flavor (chocolate, vanilla, lemon), price in dollars and paid yes or no.",
  );
  appId = built.appId;
  const res = await request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/records/customer`, payload: { name: "Maria Lopez" } });
  parsed(res, AppRecord, 201);
}, 120_000);
afterAll(() => app.close());

describe("live transcription", () => {
  it("sends partial words while the person speaks, ends on silence, and stores what it heard for a command", async () => {
    const { pcm, speechEnd } = spokenPcm("add a chocolate cake order for maria lopez, forty dollars, paid");
    const heard = await speakLive(`${ws}?appId=${appId}`, me.headers, pcm, { pace: 1 });
    expect(heard[0]!.type).toBe("ready");
    const partials = heard.filter((m) => m.type === "partial");
    const final = heard.find((m) => m.type === "final")!;
    expect(partials.length, JSON.stringify(heard)).toBeGreaterThan(0);
    // The first words show up before the speaker has finished.
    expect(partials[0]!.sentSeconds).toBeLessThan((300 + speechEnd / 16) / 1000);
    expect(final.text!.toLowerCase()).toMatch(/chocolate/);
    // The utterance ended by itself, long before the three seconds of silence ran out.
    expect(final.sentSeconds).toBeLessThan((300 + speechEnd / 16 + 2000) / 1000);

    const t = parsed(await request(app, me, { method: "GET", url: `/api/v1/transcriptions/${final.transcriptionId}` }), Transcription);
    expect(t.text).toBe(final.text);
    const c = parsed(
      await request(app, me, { method: "POST", url: `/api/v1/apps/${appId}/commands`, payload: { transcriptionId: t.id, tz: "UTC" } }),
      CommandResult,
    );
    expect(c).toMatchObject({ kind: "create", entity: "cakeOrder" });
    expect(c.changes).toMatchObject({ flavor: "chocolate", price: 40, paid: true });
  }, 60_000);

  it("ends with nothing heard when nobody speaks, and refuses bad messages and strangers", async () => {
    const quiet = await speakLive(ws, me.headers, new Int16Array(0), { pace: 4, silenceAfterMs: 11_000 });
    const final = quiet.find((m) => m.type === "final")!;
    expect(final.text).toBe("");

    const socket = new WebSocket(ws, { headers: me.headers });
    const got: string[] = [];
    socket.on("message", (d: Buffer) => got.push(d.toString("utf8")));
    await new Promise((r) => socket.once("open", r));
    socket.send("hello");
    await new Promise((r) => socket.once("close", r));
    expect(got.some((m) => /only text message is/.test(m) || /must be JSON/.test(m))).toBe(true);

    await expect(speakLive(ws, {}, new Int16Array(1600))).rejects.toThrow(/401/);
  }, 60_000);
});
