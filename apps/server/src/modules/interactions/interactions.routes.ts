import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  ExportQuery,
  IdParams,
  IngestBody,
  IngestResult,
  Interaction,
  InteractionListQuery,
  pageOf,
  RateBody,
  RatingChange,
  textBody,
} from "@vta/contracts";
import { auth, callerWorkspace } from "../../platform/auth/principal.js";
import { sendUnchecked } from "../../platform/http/unchecked-reply.js";
import type { InteractionsService } from "./interactions.service.js";

/** Ingest bodies may carry 1000 interactions with long inputs; other routes keep the default limit. */
const INGEST_BODY_LIMIT = 16 * 1024 * 1024;

export function interactionsRoutes(interactions: InteractionsService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["interactions"];
    const preValidation = [auth.required];

    app.post(
      "/interactions",
      {
        preValidation,
        bodyLimit: INGEST_BODY_LIMIT,
        schema: {
          tags,
          description: "One interaction, or {items: [...]} with up to 1000. Answered once the rows are committed.",
          body: IngestBody,
          response: { 201: IngestResult },
        },
      },
      async (request, reply) => reply.status(201).send(await interactions.ingest(request.db, callerWorkspace(request), request.body)),
    );

    app.patch(
      "/interactions/:id",
      {
        preValidation,
        schema: { tags, params: IdParams, body: RateBody, response: { 200: RatingChange } },
      },
      async (request) => interactions.rate(request.db, callerWorkspace(request), request.params.id, request.body.userRating),
    );

    app.get(
      "/interactions",
      { preValidation, schema: { tags, querystring: InteractionListQuery, response: { 200: pageOf(Interaction) } } },
      async (request) => interactions.list(request.db, callerWorkspace(request), request.query),
    );

    app.get(
      "/interactions/export",
      {
        preValidation,
        schema: {
          tags,
          querystring: ExportQuery,
          response: { 200: textBody("Streams every matching interaction as CSV or JSON Lines.", "text/csv", "application/x-ndjson") },
        },
      },
      async (request, reply) => {
        const { format } = request.query;
        const stamp = new Date().toISOString().slice(0, 10);
        void reply
          .header("content-type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson")
          .header("content-disposition", `attachment; filename="interactions-${stamp}.${format}"`);
        return sendUnchecked(reply, interactions.export(request.db, callerWorkspace(request), request.query));
      },
    );
  };
}
