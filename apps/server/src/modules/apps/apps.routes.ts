import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import {
  AppDetail,
  AppDiff,
  AppSummary,
  AppVersion,
  AppVersionDetail,
  Build,
  BuildAccepted,
  BuildRating,
  BuildRequest,
  Cursor,
  DiffQuery,
  IdParams,
  Limit,
  NoContent,
  pageOf,
  PipelineAgents,
  RateBuildBody,
  RecordImportResult,
  SaveViewBody,
  ShareLink,
  SharedApp,
  textBody,
  VersionParams,
  ViewParams,
} from "@vta/contracts";
import { auth, callerWorkspace, requirePrincipal } from "../../platform/auth/principal.js";
import { sendEntry } from "../../platform/http/cached-reply.js";
import type { SseStreams } from "../../platform/http/sse.js";
import { sendUnchecked } from "../../platform/http/unchecked-reply.js";
import type { StageAgent } from "../builder/index.js";
import { acceptCsv, csvBody, CSV_LIMIT } from "./csv-body.js";
import type { AppsService } from "./apps.service.js";
import type { BuildsService } from "./builds.service.js";
import { streamBuild } from "./build-events.js";
import { streamed } from "./streamed.js";

export function appsRoutes(apps: AppsService, builds: BuildsService, streams: SseStreams) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["apps"];
    const preValidation = [auth.required];

    const stageAgent = (a: StageAgent | null) => a && { id: a.id, name: a.name, provider: a.config.provider, model: a.config.model };
    const stageAgents = ({ requirements, architect, verifier }: Awaited<ReturnType<BuildsService["pipeline"]>>) => ({
      requirements: stageAgent(requirements),
      architect: stageAgent(architect),
      verifier: stageAgent(verifier),
    });
    app.get(
      "/apps/pipeline",
      {
        preValidation,
        schema: {
          tags,
          description:
            "The agent each build stage runs as; null for a stage without one yet. Reads only: the first build (or POST) creates the defaults.",
          response: { 200: PipelineAgents },
        },
      },
      async (request) => stageAgents(await builds.pipeline(request.db, callerWorkspace(request))),
    );
    app.post(
      "/apps/pipeline",
      {
        preValidation,
        schema: {
          tags,
          description: "Creates the default agent of each stage that has none (as the first build does), to configure them before building",
          response: { 200: PipelineAgents },
        },
      },
      async (request) => stageAgents(await builds.pipeline(request.db, callerWorkspace(request), { create: true })),
    );

    app.post("/apps", { preValidation, schema: { tags, body: BuildRequest, response: { 202: BuildAccepted } } }, async (request, reply) =>
      reply.status(202).send(await builds.create(request.db, callerWorkspace(request), requirePrincipal(request).userId, request.body)),
    );

    acceptCsv(app);
    app.post(
      "/apps/from-csv",
      {
        preValidation,
        bodyLimit: CSV_LIMIT,
        schema: {
          tags,
          querystring: z.object({ name: z.string().trim().min(1).max(200).default("Records.csv") }),
          response: { 201: z.object({ app: AppDetail, import: RecordImportResult }) },
          description: "A new app made from a spreadsheet: one entity, its fields typed by the cells, the rows imported",
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await apps.createFromCsv(
              request.db,
              callerWorkspace(request),
              requirePrincipal(request).userId,
              request.query.name,
              csvBody(request.body),
            ),
          ),
    );

    app.get(
      "/apps",
      { preValidation, schema: { tags, querystring: z.object({ limit: Limit, cursor: Cursor }), response: { 200: pageOf(AppSummary) } } },
      async (request) => apps.list(request.db, callerWorkspace(request), request.query),
    );

    app.get("/apps/:id", { preValidation, schema: { tags, params: IdParams, response: { 200: AppDetail } } }, async (request, reply) =>
      sendEntry(request, reply, await apps.get(request.db, callerWorkspace(request), request.params.id)),
    );

    app.delete("/apps/:id", { preValidation, schema: { tags, params: IdParams, response: { 204: NoContent } } }, async (request, reply) => {
      await apps.remove(request.db, callerWorkspace(request), request.params.id);
      return reply.status(204).send();
    });

    app.post(
      "/apps/:id/revisions",
      { preValidation, schema: { tags, params: IdParams, body: BuildRequest, response: { 202: BuildAccepted } } },
      async (request, reply) =>
        reply
          .status(202)
          .send(
            await builds.revise(request.db, callerWorkspace(request), requirePrincipal(request).userId, request.params.id, request.body),
          ),
    );

    app.get(
      "/apps/:id/builds",
      {
        preValidation,
        schema: {
          tags,
          params: IdParams,
          description: "The conversation: each request and what each agent did with it",
          response: { 200: z.object({ items: z.array(Build) }) },
        },
      },
      async (request) => ({ items: await builds.list(request.db, callerWorkspace(request), request.params.id) }),
    );

    app.get(
      "/apps/:id/versions",
      { preValidation, schema: { tags, params: IdParams, response: { 200: z.object({ items: z.array(AppVersion) }) } } },
      async (request) => apps.versions(request.db, callerWorkspace(request), request.params.id),
    );

    app.get(
      "/apps/:id/versions/:version",
      { preValidation, schema: { tags, params: VersionParams, response: { 200: AppVersionDetail } } },
      async (request) => apps.version(request.db, callerWorkspace(request), request.params.id, request.params.version),
    );

    app.get(
      "/apps/:id/diff",
      { preValidation, schema: { tags, params: IdParams, querystring: DiffQuery, response: { 200: AppDiff } } },
      async (request) => apps.diff(request.db, callerWorkspace(request), request.params.id, request.query.from, request.query.to),
    );

    app.post(
      "/apps/:id/revert",
      {
        preValidation,
        schema: {
          tags,
          params: IdParams,
          body: z.object({ version: z.number().int().min(1, "version starts at 1") }),
          response: { 200: AppDetail },
        },
      },
      async (request) => apps.revert(request.db, callerWorkspace(request), request.params.id, request.body.version),
    );

    app.post(
      "/apps/:id/views",
      { preValidation, schema: { tags, params: IdParams, body: SaveViewBody, response: { 201: AppDetail } } },
      async (request, reply) =>
        reply.status(201).send(await apps.saveView(request.db, callerWorkspace(request), request.params.id, request.body)),
    );
    app.delete(
      "/apps/:id/views/:viewId",
      { preValidation, schema: { tags, params: ViewParams, response: { 200: AppDetail } } },
      async (request) => apps.removeView(request.db, callerWorkspace(request), request.params.id, request.params.viewId),
    );

    app.post("/apps/:id/share", { preValidation, schema: { tags, params: IdParams, response: { 200: ShareLink } } }, async (request) =>
      apps.share(request.db, callerWorkspace(request), request.params.id, true),
    );
    app.delete("/apps/:id/share", { preValidation, schema: { tags, params: IdParams, response: { 200: ShareLink } } }, async (request) =>
      apps.share(request.db, callerWorkspace(request), request.params.id, false),
    );

    app.get(
      "/apps/:id/export",
      {
        preValidation,
        schema: { tags, params: IdParams, response: { 200: textBody("The app as one standalone HTML file", "text/html") } },
      },
      async (request, reply) => {
        const { file, stream } = await streamed(async () => {
          const { html, file } = await apps.export(request.db, callerWorkspace(request), request.params.id);
          return { file, pieces: html };
        });
        void reply.type("text/html; charset=utf-8").header("content-disposition", `attachment; filename="${file}"`);
        return sendUnchecked(reply, stream);
      },
    );

    app.get(
      "/shared/:token",
      {
        schema: {
          tags,
          params: z.object({ token: z.string().min(10).max(100) }),
          description: "A shared app, read-only, without signing in",
          response: { 200: SharedApp },
        },
      },
      async (request, reply) => {
        const { stream } = await streamed(async () => ({ pieces: await apps.shared(request.db, request.params.token) }));
        // JSON text in pieces, written by appJson in SharedApp's shape: a stream is sent as it is.
        return sendUnchecked(reply.type("application/json; charset=utf-8"), stream);
      },
    );

    app.get("/builds/:id", { preValidation, schema: { tags, params: IdParams, response: { 200: Build } } }, async (request) =>
      builds.get(request.db, callerWorkspace(request), request.params.id),
    );

    app.get(
      "/builds/:id/events",
      {
        preValidation,
        schema: {
          tags,
          params: IdParams,
          response: { 200: textBody("Server-sent events: one per stage, then the final status", "text/event-stream") },
        },
      },
      async (request, reply) => {
        const build = await builds.get(request.db, callerWorkspace(request), request.params.id);
        await streamBuild(request, reply, build, builds, streams);
      },
    );

    app.post(
      "/builds/:id/rating",
      { preValidation, schema: { tags, params: IdParams, body: RateBuildBody, response: { 200: BuildRating } } },
      async (request) => builds.rate(request.db, callerWorkspace(request), request.params.id, request.body.rating),
    );
  };
}
