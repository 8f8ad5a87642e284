import type { FastifyReply } from "fastify";

/**
 * Sends what a route's typed reply cannot take: a stream (sent as it is; a route declares what it
 * holds with `textBody` or a JSON schema, never serialized through it), or an answer whose status is
 * known only when it is sent (a declared status is still serialized through its schema).
 */
export function sendUnchecked(reply: FastifyReply, payload: unknown, status = reply.statusCode) {
  return reply.status(status).send(payload);
}
