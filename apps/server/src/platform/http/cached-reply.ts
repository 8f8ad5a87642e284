/**
 * Cached JSON bodies on the wire: a cache entry's value sent as it is (no re-serialization), with
 * a strong ETag (`If-None-Match` → 304) and encoded (UTF-8, gzip, brotli) once per entry, not once
 * per request. The encodings are this file's, kept beside the entry for as long as it lives; the
 * cache itself stores only the value.
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Entry } from "../cache/cache.js";

/** What is sent for one entry, each made on first use (a response body is sent many times). */
interface Encoded {
  /** A strong validator of the value. */
  etag: string;
  body?: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

/** Per entry: gone with the entry once the cache drops it (the cache's byte bound counts these copies). */
const encodedEntries = new WeakMap<Entry, Encoded>();

function encodedOf(entry: Entry): Encoded {
  let encoded = encodedEntries.get(entry);
  if (!encoded) {
    encoded = { etag: `"${createHash("sha1").update(entry.value).digest("base64url").slice(0, 22)}"` };
    encodedEntries.set(entry, encoded);
  }
  return encoded;
}

/**
 * Answers a GET with a cached JSON body as it is (no re-serialization), with its ETag; a matching
 * `If-None-Match` gets 304 and no body. `private`: the answer depends on who asks.
 */
export function sendEntry(request: FastifyRequest, reply: FastifyReply, entry: Entry) {
  const encoded = encodedOf(entry);
  void reply.header("etag", encoded.etag).header("cache-control", "private, no-cache");
  const match = request.headers["if-none-match"];
  if (match && match.split(/\s*,\s*/).some((t) => t === encoded.etag || t === `W/${encoded.etag}`)) {
    return reply.status(304).send();
  }
  void reply.header("content-type", "application/json; charset=utf-8").header("vary", "accept-encoding");
  // Bodies are encoded once per cache entry, not once per request: sending is then a buffer copy.
  encoded.body ??= Buffer.from(entry.value, "utf8");
  const encoding = encoded.body.length > 1024 ? preferredEncoding(request.headers["accept-encoding"]) : "identity";
  if (encoding === "br") {
    // Quality 5: within 3% of the best ratio for JSON at a few ms, paid once per entry.
    encoded.br ??= brotliCompressSync(encoded.body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: encoded.body.length },
    });
    return reply.header("content-encoding", "br").send(encoded.br);
  }
  if (encoding === "gzip") {
    encoded.gzip ??= gzipSync(encoded.body, { level: 6 });
    return reply.header("content-encoding", "gzip").send(encoded.gzip);
  }
  return reply.send(encoded.body);
}

/**
 * Answers from L1 synchronously when `peek` hits (no promise on the hot path), else after `load`.
 * For a route handler: returns nothing or a promise of nothing, the reply is sent either way.
 */
export function sendPeekedOrLoaded(
  request: FastifyRequest,
  reply: FastifyReply,
  peek: () => Entry | undefined,
  load: () => Promise<Entry>,
): void | Promise<void> {
  const hit = peek();
  if (hit) {
    sendEntry(request, reply, hit);
    return;
  }
  return load().then((entry) => {
    sendEntry(request, reply, entry);
  });
}

/** Clients send a handful of distinct Accept-Encoding values: decide once per value. */
const encodings = new Map<string, "br" | "gzip" | "identity">();

function preferredEncoding(accept: string | undefined): "br" | "gzip" | "identity" {
  if (!accept) return "identity";
  let choice = encodings.get(accept);
  if (choice === undefined) {
    choice = /\bbr\b/.test(accept) ? "br" : /\bgzip\b/.test(accept) ? "gzip" : "identity";
    if (encodings.size < 100) encodings.set(accept, choice);
  }
  return choice;
}
