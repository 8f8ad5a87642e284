import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Entry } from "../cache/cache.js";

/**
 * Answers a GET with a cached JSON body as it is (no re-serialization), with its ETag; a matching
 * `If-None-Match` gets 304 and no body. `private`: the answer depends on who asks.
 */
export function sendEntry(request: FastifyRequest, reply: FastifyReply, entry: Entry) {
  void reply.header("etag", entry.etag).header("cache-control", "private, no-cache");
  const match = request.headers["if-none-match"];
  if (match && match.split(/\s*,\s*/).some((t) => t === entry.etag || t === `W/${entry.etag}`)) {
    return reply.status(304).send();
  }
  void reply.header("content-type", "application/json; charset=utf-8").header("vary", "accept-encoding");
  // Bodies are encoded once per cache entry, not once per request: sending is then a buffer copy.
  entry.body ??= Buffer.from(entry.value, "utf8");
  const encoding = entry.body.length > 1024 ? preferredEncoding(request.headers["accept-encoding"]) : "identity";
  if (encoding === "br") {
    // Quality 5: within 3% of the best ratio for JSON at a few ms, paid once per entry.
    entry.br ??= brotliCompressSync(entry.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: entry.body.length } });
    return reply.header("content-encoding", "br").send(entry.br);
  }
  if (encoding === "gzip") {
    entry.gzip ??= gzipSync(entry.body, { level: 6 });
    return reply.header("content-encoding", "gzip").send(entry.gzip);
  }
  return reply.send(entry.body);
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
