import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import {
  AppRecord,
  NoContent,
  pageOf,
  RecordBody,
  RecordFilterQuery,
  RecordImportParams,
  RecordImportProgress,
  RecordImportQuery,
  RecordImportResult,
  RecordDeleteQuery,
  RecordGroups,
  RecordGroupsQuery,
  RecordIdParams,
  RecordListQuery,
  RecordParams,
  RecordStats,
  RecordStatsQuery,
  textBody,
} from "@vta/contracts";
import { auth, callerWorkspace } from "../../platform/auth/principal.js";
import { sendEntry } from "../../platform/http/cached-reply.js";
import { sendUnchecked } from "../../platform/http/unchecked-reply.js";
import type { RecordsService } from "./records.service.js";
import { acceptCsv, csvBody, CSV_LIMIT } from "./csv-body.js";
import { BACKGROUND_BYTES } from "./record-imports.js";
import { streamed } from "./streamed.js";

export function recordsRoutes(records: RecordsService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["records"];
    const preValidation = [auth.required];

    app.get(
      "/apps/:id/records/:entity",
      { preValidation, schema: { tags, params: RecordParams, querystring: RecordListQuery, response: { 200: pageOf(AppRecord) } } },
      async (request) => records.list(request.db, callerWorkspace(request), request.params.id, request.params.entity, request.query),
    );
    app.post(
      "/apps/:id/records/:entity",
      { preValidation, schema: { tags, params: RecordParams, body: RecordBody, response: { 201: AppRecord } } },
      async (request, reply) =>
        reply
          .status(201)
          .send(await records.create(request.db, callerWorkspace(request), request.params.id, request.params.entity, request.body)),
    );
    app.get(
      "/apps/:id/records/:entity/stats",
      { preValidation, schema: { tags, params: RecordParams, querystring: RecordStatsQuery, response: { 200: RecordStats } } },
      async (request, reply) =>
        sendEntry(
          request,
          reply,
          await records.statsEntry(request.db, callerWorkspace(request), request.params.id, request.params.entity, request.query),
        ),
    );
    acceptCsv(app);
    app.post(
      "/apps/:id/records/:entity/import",
      {
        preValidation,
        bodyLimit: CSV_LIMIT,
        schema: {
          tags,
          params: RecordParams,
          querystring: RecordImportQuery,
          response: { 201: RecordImportResult, 202: RecordImportProgress },
        },
      },
      async (request, reply) => {
        const text = csvBody(request.body);
        const { id, entity } = request.params;
        const opts = { atomic: request.query.onError === "reject", columns: request.query.columns };
        // A large file (or a caller that prefers it) is answered at once and imported after: its Location says how far it is.
        if (text.length > BACKGROUND_BYTES || /\brespond-async\b/.test(String(request.headers.prefer ?? ""))) {
          const started = await records.startImport(request.db, callerWorkspace(request), id, entity, text, opts);
          return reply
            .status(202)
            .header("location", `/api/v1/apps/${id}/records/${encodeURIComponent(entity)}/imports/${started.id}`)
            .send(started);
        }
        return reply.status(201).send(await records.importCsv(request.db, callerWorkspace(request), id, entity, text, opts));
      },
    );
    app.get(
      "/apps/:id/records/:entity/imports/:importId",
      {
        preValidation,
        schema: {
          tags,
          params: RecordImportParams,
          description: "202 with its progress while it runs, then the import's own answer (its 201 as 200, or its error)",
          response: { 200: RecordImportResult, 202: RecordImportProgress },
        },
      },
      async (request, reply) => {
        const answer = await records.importAnswer(
          request.db,
          callerWorkspace(request),
          request.params.id,
          request.params.entity,
          request.params.importId,
        );
        return sendUnchecked(reply, answer.body, answer.status);
      },
    );
    app.get(
      "/apps/:id/records/:entity/export",
      {
        preValidation,
        schema: {
          tags,
          params: RecordParams,
          querystring: RecordFilterQuery,
          response: { 200: textBody("The records the filters let through, as a CSV file", "text/csv") },
        },
      },
      async (request, reply) => {
        const { entity, stream } = await streamed(() =>
          records.exportCsv(request.db, callerWorkspace(request), request.params.id, request.params.entity, request.query),
        );
        void reply
          .type("text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="${entity.pluralLabel.replace(/[^\w -]/g, "")}.csv"`);
        return sendUnchecked(reply, stream);
      },
    );
    app.get(
      "/apps/:id/records/:entity/groups",
      { preValidation, schema: { tags, params: RecordParams, querystring: RecordGroupsQuery, response: { 200: RecordGroups } } },
      async (request, reply) =>
        sendEntry(
          request,
          reply,
          await records.groupsEntry(request.db, callerWorkspace(request), request.params.id, request.params.entity, request.query),
        ),
    );
    app.get(
      "/apps/:id/records/:entity/:recordId",
      { preValidation, schema: { tags, params: RecordIdParams, response: { 200: AppRecord } } },
      async (request) =>
        records.get(request.db, callerWorkspace(request), request.params.id, request.params.entity, request.params.recordId),
    );
    app.patch(
      "/apps/:id/records/:entity/:recordId",
      { preValidation, schema: { tags, params: RecordIdParams, body: RecordBody, response: { 200: AppRecord } } },
      async (request) =>
        records.update(
          request.db,
          callerWorkspace(request),
          request.params.id,
          request.params.entity,
          request.params.recordId,
          request.body,
        ),
    );
    app.delete(
      "/apps/:id/records/:entity/:recordId",
      { preValidation, schema: { tags, params: RecordIdParams, querystring: RecordDeleteQuery, response: { 204: NoContent } } },
      async (request, reply) => {
        await records.remove(
          request.db,
          callerWorkspace(request),
          request.params.id,
          request.params.entity,
          request.params.recordId,
          request.query.references,
        );
        return reply.status(204).send();
      },
    );
  };
}
