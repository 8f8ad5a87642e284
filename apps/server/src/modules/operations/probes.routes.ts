import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { Liveness, Readiness } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { sendError } from "../../platform/http/errors.js";

export interface ProbeState {
  draining: boolean;
  /** One trivial statement through the request's handle (so it shows in Server-Timing). */
  ping: (db: Db) => Promise<void>;
}

/** Liveness answers while the process runs; readiness also needs the database and no drain. */
export function probeRoutes(state: ProbeState) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    app.get("/livez", { schema: { hide: true, response: { 200: Liveness } } }, async () => ({ status: "ok" as const }));
    app.get("/readyz", { schema: { hide: true, response: { 200: Readiness } } }, async (request, reply) => {
      if (state.draining) return sendError(reply, 503, "draining", "This node is shutting down");
      try {
        await state.ping(request.db);
      } catch (err) {
        return sendError(reply, 503, "database_unavailable", `The database does not answer: ${(err as Error).message}`);
      }
      return { status: "ready" as const };
    });
  };
}
