import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { AgentAnalytics, AnalyticsQuery, IdParams, SummaryQuery, WorkspaceSummary } from "@vta/contracts";
import { auth, callerWorkspace } from "../../platform/auth/principal.js";
import { sendEntry } from "../../platform/http/cached-reply.js";
import type { AnalyticsService } from "./analytics.service.js";

export function analyticsRoutes(analytics: AnalyticsService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["analytics"];
    const preValidation = [auth.required];

    app.get(
      "/agents/:id/analytics",
      { preValidation, schema: { tags, params: IdParams, querystring: AnalyticsQuery, response: { 200: AgentAnalytics } } },
      async (request, reply) =>
        sendEntry(request, reply, await analytics.agentCached(request.db, callerWorkspace(request), request.params.id, request.query)),
    );

    app.get(
      "/analytics/summary",
      { preValidation, schema: { tags, querystring: SummaryQuery, response: { 200: WorkspaceSummary } } },
      async (request, reply) =>
        sendEntry(request, reply, await analytics.summaryCached(request.db, callerWorkspace(request), request.query)),
    );
  };
}
