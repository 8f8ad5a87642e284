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
  return reply.type("application/json; charset=utf-8").send(entry.value);
}
