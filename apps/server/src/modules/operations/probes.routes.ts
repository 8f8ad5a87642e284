import type { FastifyInstance } from "fastify";
import { sendError } from "../../platform/http/errors.js";

export interface ProbeState {
  draining: boolean;
  ping: () => Promise<void>;
}

/** Liveness answers while the process runs; readiness also needs the database and no drain. */
export function probeRoutes(state: ProbeState) {
  return async (app: FastifyInstance) => {
    app.get("/livez", { schema: { hide: true } }, async () => ({ status: "ok" }));
    app.get("/readyz", { schema: { hide: true } }, async (_request, reply) => {
      if (state.draining) return sendError(reply, 503, "draining", "This node is shutting down");
      try {
        await state.ping();
      } catch (err) {
        return sendError(reply, 503, "database_unavailable", `The database does not answer: ${(err as Error).message}`);
      }
      return { status: "ready" };
    });
  };
}
