import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import { textBody } from "@vta/contracts";
import { sendError } from "../../platform/http/errors.js";

/** `/metrics` in Prometheus text format; with `token` set, only for `Authorization: Bearer <token>`. */
export function metricsRoutes(registry: Registry, token: string | undefined) {
  return async (app: FastifyInstance) => {
    app.get(
      "/metrics",
      { schema: { hide: true, response: { 200: textBody("Prometheus text format", "text/plain") } } },
      async (request, reply) => {
        if (token) {
          const given = Buffer.from(request.headers.authorization ?? "");
          const wanted = Buffer.from(`Bearer ${token}`);
          if (given.length !== wanted.length || !timingSafeEqual(given, wanted))
            return sendError(reply, 401, "unauthorized", "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>");
        }
        return reply.type(registry.contentType).send(await registry.metrics());
      },
    );
  };
}
