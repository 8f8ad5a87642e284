import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { type HealthCheck, HealthReport } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";

export interface HealthChecks {
  version: string;
  ping: (db: Db) => Promise<void>;
  /** Undefined when Redis is not configured (then it is not checked). */
  redis?: () => "up" | "down";
  queue: () => Promise<unknown>;
  speech: () => { available: boolean; reason?: string };
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/**
 * `/health`: status, response time, timestamp and version, and what each dependency says. Unhealthy (503) without the database;
 * degraded while an optional dependency (Redis, the job queue, speech) is down.
 */
export function healthRoutes(checks: HealthChecks) {
  return async (fastify: FastifyInstance) => {
    const app = fastify.withTypeProvider<ZodTypeProvider>();
    const description = "healthy | degraded | unhealthy, with a check per dependency";
    app.get(
      "/health",
      { schema: { tags: ["operations"], description, response: { 200: HealthReport, 503: HealthReport } } },
      async (request, reply) => {
        const started = performance.now();
        const timed = async (work: () => Promise<unknown>): Promise<HealthCheck> => {
          const t = performance.now();
          try {
            await withTimeout(work(), 2000);
            return { status: "up", latency_ms: Math.round((performance.now() - t) * 100) / 100 };
          } catch (err) {
            return { status: "down", detail: (err as Error).message };
          }
        };
        const [database, queue] = await Promise.all([timed(() => checks.ping(request.db)), timed(checks.queue)]);
        const speech = checks.speech();
        const result: Record<string, HealthCheck> = {
          database,
          queue,
          speech: speech.available ? { status: "up" } : { status: "down", detail: speech.reason },
        };
        if (checks.redis) result.redis = { status: checks.redis() };
        const status =
          database.status === "down" ? "unhealthy" : Object.values(result).some((c) => c.status === "down") ? "degraded" : "healthy";
        return reply.status(status === "unhealthy" ? 503 : 200).send({
          status,
          response_time_ms: Math.round((performance.now() - started) * 100) / 100,
          timestamp: new Date().toISOString(),
          version: checks.version,
          checks: result,
        });
      },
    );
  };
}
