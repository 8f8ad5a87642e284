/**
 * Each app instance owns its event streams: two apps in one process (as tests and the hit-rate
 * benchmark start them) neither count nor end each other's streams.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestApp, type TestApp, verifyAddress } from "./harness.js";

const METRICS_TOKEN = "sse-streams-test";
const adminEmail = `sse-${randomUUID()}@example.test`;

let a: TestApp;
let b: TestApp;
let aOpen = false;
beforeAll(async () => {
  const env = { ADMIN_EMAILS: adminEmail, METRICS_TOKEN };
  a = await startTestApp({ databaseUrl: inject("databaseUrl"), env });
  aOpen = true;
  b = await startTestApp({ databaseUrl: inject("databaseUrl"), env });
});
afterAll(async () => {
  if (aOpen) await a.close();
  await b.close();
});

/** The sse_open_streams gauge an app reports. */
async function openStreams(app: TestApp): Promise<number> {
  const res = await app.fastify.inject({ method: "GET", url: "/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const match = /^sse_open_streams (\d+)$/m.exec(res.body);
  if (!match) throw new Error(`no sse_open_streams in /metrics:\n${res.body.slice(0, 500)}`);
  return Number(match[1]);
}

describe("event streams of two apps in one process", () => {
  it("are counted and ended by the app that opened them only", async () => {
    // One platform admin (the apps share the database, so the session works on both).
    const signup = await a.fastify.inject({
      method: "POST",
      url: "/api/v1/auth/signup",
      payload: { email: adminEmail, password: "operator-password", name: "Op" },
    });
    const cookie = `vta_session=${signup.cookies.find((c) => c.name === "vta_session")!.value}`;
    await verifyAddress(a, adminEmail);

    const address = await b.fastify.listen({ port: 0, host: "127.0.0.1" });
    const res = await fetch(`${address}/api/v1/performance/stream`, { headers: { cookie } });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader() as ReadableStreamDefaultReader<Uint8Array>;
    const decoder = new TextDecoder();
    const nextEvent = async () => {
      let text = "";
      while (!text.includes("\n\n")) {
        const { value, done } = await reader.read();
        if (done) return null;
        text += decoder.decode(value, { stream: true });
      }
      return text;
    };
    expect(await nextEvent()).toMatch(/^event: sample\n/);

    expect(await openStreams(b)).toBe(1);
    expect(await openStreams(a)).toBe(0);

    // A shuts down: its streams end, B's stream goes on (its sampler's next sample arrives).
    await a.close();
    aOpen = false;
    const next = await nextEvent();
    expect(next, "B's stream ended when A closed").not.toBeNull();
    expect(next).toMatch(/event: sample\n/);
    expect(await openStreams(b)).toBe(1);

    await reader.cancel();
  });
});
