import { createHash } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Cache, type Entry } from "../cache/cache.js";
import { sendEntry } from "./cached-reply.js";

const value = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `agent ${i}` })) });
const small = JSON.stringify({ ok: true });

describe("a cached entry on the wire", () => {
  const cache = new Cache({ l1MaxBytes: 1 << 20, nodeId: "reply-test" });
  const app = Fastify();
  let entry: Entry;
  let smallEntry: Entry;
  beforeAll(async () => {
    entry = await cache.getOrLoad("t", "big", () => Promise.resolve(value), { ttlMs: 60_000 });
    smallEntry = await cache.getOrLoad("t", "small", () => Promise.resolve(small), { ttlMs: 60_000 });
    app.get("/big", (request, reply) => sendEntry(request, reply, entry));
    app.get("/small", (request, reply) => sendEntry(request, reply, smallEntry));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await cache.close();
  });

  it("keeps only the value in the cache: encodings belong to the HTTP layer", () => {
    expect(Object.keys(entry).sort()).toEqual(["at", "ns", "value"]);
  });

  it("carries a strong ETag of the value and answers a matching If-None-Match with 304", async () => {
    const etag = `"${createHash("sha1").update(value).digest("base64url").slice(0, 22)}"`;
    const res = await app.inject({ url: "/big" });
    expect(res.headers.etag).toBe(etag);
    expect(res.headers["cache-control"]).toBe("private, no-cache");
    expect(res.body).toBe(value);
    for (const match of [etag, `W/${etag}`, `"other", ${etag}`]) {
      const revalidated = await app.inject({ url: "/big", headers: { "if-none-match": match } });
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.body).toBe("");
    }
    expect((await app.inject({ url: "/big", headers: { "if-none-match": '"other"' } })).statusCode).toBe(200);
  });

  it("sends brotli, gzip or UTF-8 as the client accepts, encoded once per entry", async () => {
    const br = await app.inject({ url: "/big", headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toBe("accept-encoding");
    expect(brotliDecompressSync(br.rawPayload).toString("utf8")).toBe(value);
    const gzip = await app.inject({ url: "/big", headers: { "accept-encoding": "gzip" } });
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzip.rawPayload).toString("utf8")).toBe(value);
    // The same bytes again: the encoding made for the first request is sent.
    expect((await app.inject({ url: "/big", headers: { "accept-encoding": "gzip" } })).rawPayload.equals(gzip.rawPayload)).toBe(true);
    expect((await app.inject({ url: "/big", headers: { "accept-encoding": "br" } })).rawPayload.equals(br.rawPayload)).toBe(true);
    const plain = await app.inject({ url: "/big", headers: { "accept-encoding": "identity" } });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(value);
  });

  it("sends bodies of 1 KB or less as they are", async () => {
    const res = await app.inject({ url: "/small", headers: { "accept-encoding": "br, gzip" } });
    expect(res.headers["content-encoding"]).toBeUndefined();
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body).toBe(small);
  });
});
