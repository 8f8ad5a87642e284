import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { IdParams, MaintenanceRun, MaintenanceStarted, type PerformanceReport, textBody } from "@vta/contracts";
import { auth } from "../../platform/auth/principal.js";
import { HttpError } from "../../platform/http/errors.js";
import type { MaintenanceService } from "./maintenance.service.js";
import { reportMarkdown } from "./report.js";

export function maintenanceRoutes(maintenance: MaintenanceService) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const tags = ["operations"];
    const preValidation = [auth.platformAdmin];

    app.post(
      "/optimize",
      {
        preValidation,
        schema: {
          tags,
          description: "Start a maintenance run now (202); follow it at /maintenance/runs/:id",
          response: { 202: MaintenanceStarted },
        },
      },
      async (_request, reply) => reply.status(202).send(await maintenance.start("manual")),
    );
    app.get(
      "/maintenance/runs",
      { preValidation, schema: { tags, response: { 200: z.object({ items: z.array(MaintenanceRun) }) } } },
      async () => maintenance.list(),
    );
    app.get(
      "/maintenance/runs/:id",
      { preValidation, schema: { tags, params: IdParams, response: { 200: MaintenanceRun } } },
      async (request) => maintenance.get(request.params.id),
    );
    app.get(
      "/maintenance/runs/:id/report",
      {
        preValidation,
        schema: { tags, params: IdParams, response: { 200: textBody("The monthly performance report, as Markdown", "text/markdown") } },
      },
      async (request, reply) => {
        const run = await maintenance.get(request.params.id);
        const report = run.findings.report as PerformanceReport | undefined;
        if (!report) throw new HttpError(404, "not_found", "This run has no report; the monthly runs write one");
        return reply
          .type("text/markdown; charset=utf-8")
          .header("content-disposition", `attachment; filename="performance-report-${run.createdAt.slice(0, 10)}.md"`)
          .send(reportMarkdown(report));
      },
    );
  };
}
