/**
 * Self-maintenance: runs of named steps (vacuum, rollup reconciliation, partitions and retention,
 * expired sessions, performance history, orphaned uploads, cache), one at a time across every node,
 * each recording what it found and the key numbers before and after. Started by hand (optimize) or
 * on a daily, weekly and monthly schedule; the monthly run writes a performance report.
 */
import type {
  MaintenanceRun,
  MaintenanceSnapshot,
  MaintenanceStarted,
  MaintenanceStep,
  MaintenanceTrigger,
  PerformanceReport,
} from "@vta/contracts";
import type { Cache } from "../../platform/cache/cache.js";
import type { Database } from "../../platform/db/client.js";
import { ensurePartitions } from "../../platform/db/migrate.js";
import { toIso, toIsoOrNull } from "../../platform/db/rows.js";
import { HttpError, notFound } from "../../platform/http/errors.js";
import type { Queue } from "../../platform/queue/index.js";
import type { InteractionsService } from "../interactions/index.js";
import * as repo from "./maintenance.repository.js";
import { downsample, prune } from "./perf-history.repository.js";
import { reconcileRollups } from "./rollups.repository.js";
import type { SlowQueryLog } from "./slow-queries.js";

export const MAINTENANCE_JOB = "maintenance";
export type Trigger = MaintenanceTrigger;

export interface MaintenanceDeps {
  database: Database;
  cache: Cache;
  queue: Queue;
  interactions: InteractionsService;
  retentionMonths: number;
  slowQueries: SlowQueryLog;
  removeOrphanUploads: () => Promise<number>;
  /** Routes by average time (from the request histogram), for the monthly report. */
  routes: () => Promise<{ route: string; count: number; avgMs: number }[]>;
  log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
}

const DAY = 86_400_000;
export const SCHEDULES: Record<Exclude<Trigger, "manual">, number> = { daily: DAY, weekly: 7 * DAY, monthly: 30 * DAY };

export function createMaintenanceService(deps: MaintenanceDeps) {
  const { database, cache } = deps;
  const db = database.db;
  let localRun = false; // PGlite: one process, one connection; an in-process flag is the lock

  async function snapshot(): Promise<MaintenanceSnapshot> {
    const m = process.memoryUsage();
    const c = cache.stats();
    const counts = await repo.databaseCounts(database);
    return {
      rssBytes: m.rss,
      heapUsedBytes: m.heapUsed,
      cacheEntries: c.l1.entries,
      cacheBytes: c.l1.bytes,
      sessions: counts?.sessions ?? 0,
      perfSamples: counts?.samples ?? 0,
      databaseBytes: counts?.db_bytes ?? null,
    };
  }

  const STEPS: { name: string; run: () => Promise<Record<string, unknown>> }[] = [
    {
      name: "vacuum",
      run: async () => {
        const tables = ["agents", "agent_tasks", "agent_daily_stats", "agent_users", "sessions", "app_records", "builds", "perf_samples"];
        await repo.vacuumAnalyze(db, tables);
        return { tables };
      },
    },
    { name: "rollups", run: () => reconcileRollups(db, deps.retentionMonths) },
    {
      name: "partitions",
      run: async () => ({
        created: await ensurePartitions(database),
        retention: await deps.interactions.applyRetention(deps.retentionMonths),
      }),
    },
    {
      name: "sessions",
      run: async () => {
        const removed = await repo.removeExpiredSignIns(db);
        return { expiredRemoved: removed.sessions, expiredSignInLinksRemoved: removed.links };
      },
    },
    {
      name: "performance-history",
      run: async () => ({
        minuteBuckets: await downsample(db, "10s", "1m"),
        hourBuckets: await downsample(db, "1m", "1h"),
        pruned: await prune(db),
      }),
    },
    { name: "temp-files", run: async () => ({ orphanedUploadsRemoved: await deps.removeOrphanUploads() }) },
    { name: "cache", run: () => Promise.resolve(cache.prune()) },
  ];

  async function report(): Promise<PerformanceReport> {
    const trend = await repo.dailyTrend(db);
    const c = cache.stats();
    return {
      period: { from: new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) },
      trends: trend.map((t) => ({
        day: t.day,
        p95Ms: round(t.p95),
        requestsPerSecond: round(t.rps),
        cpuPercent: round(t.cpu),
        cacheHitRate: round(t.hit),
      })),
      slowestRoutes: (await deps.routes()).slice(0, 10),
      slowQueries: deps.slowQueries.top(10),
      cacheEfficiency: {
        hitRate: round(c.hitRate),
        l1HitRate: round(c.l1.hitRate),
        evictions: c.l1.evictions,
        loads: c.loads,
        avgLoadMs: round(c.loadTimeMs.avg),
      },
    };
  }

  const save = (id: string, patch: repo.RunPatch & { steps?: MaintenanceStep[] }) => repo.updateRun(db, id, patch);

  async function execute(id: string, trigger: Trigger) {
    const before = await snapshot();
    await save(id, { status: "running", started: true });
    const steps: MaintenanceStep[] = [];
    const findings: Record<string, unknown> = {};
    for (const step of STEPS) {
      const current: MaintenanceStep = {
        name: step.name,
        status: "running",
        startedAt: new Date().toISOString(),
        durationMs: null,
        findings: {},
      };
      steps.push(current);
      await save(id, { steps });
      const t = performance.now();
      try {
        current.findings = await step.run();
        current.status = "succeeded";
      } catch (err) {
        current.status = "failed";
        current.error = (err as Error).message;
        deps.log.error({ err, step: step.name }, "maintenance step failed");
      }
      current.durationMs = Math.round(performance.now() - t);
      findings[step.name] = current.findings;
      await save(id, { steps });
    }
    if (trigger === "monthly") findings.report = await report();
    const failed = steps.filter((s) => s.status === "failed");
    await save(id, {
      status: failed.length ? "failed" : "succeeded",
      findings,
      impact: { before, after: await snapshot() },
      error: failed.length ? `${failed.map((s) => s.name).join(", ")} failed` : null,
      finished: true,
    });
    deps.log.info({ runId: id, trigger, steps: steps.map((s) => `${s.name}:${s.status}`) }, "maintenance run finished");
  }

  const FINAL = new Set(["succeeded", "failed", "skipped"]);

  /** The job: takes the cluster-wide lock, or gives the run up as skipped if another run holds it. */
  async function run(data: { runId?: string; trigger: Trigger }) {
    const id = data.runId ?? (await repo.insertRun(db, data.trigger));
    const status = await repo.runStatus(db, id);
    if (!status || FINAL.has(status)) return;
    // A run that finds another one working is skipped, not failed: the other run does the work (the
    // daily, weekly and monthly schedules meet now and then).
    if (database.kind === "pglite") {
      if (localRun) return save(id, { status: "skipped", error: "another maintenance run was in progress", finished: true });
      localRun = true;
      try {
        return await execute(id, data.trigger);
      } finally {
        localRun = false;
      }
    }
    await repo.withClusterLock(db, async (locked) => {
      if (!locked) return save(id, { status: "skipped", error: "another maintenance run was in progress on another node", finished: true });
      await execute(id, data.trigger);
    });
  }

  const serialize = (r: repo.MaintenanceRunRow): MaintenanceRun => ({
    id: r.id,
    trigger: r.trigger as Trigger,
    status: r.status,
    steps: r.steps as MaintenanceStep[],
    findings: r.findings as MaintenanceRun["findings"],
    impact: r.impact as MaintenanceRun["impact"],
    error: r.error,
    createdAt: toIso(r.createdAt),
    startedAt: toIsoOrNull(r.startedAt),
    finishedAt: toIsoOrNull(r.finishedAt),
    durationMs: r.startedAt && r.finishedAt ? Date.parse(toIso(r.finishedAt)) - Date.parse(toIso(r.startedAt)) : null,
  });

  return {
    run,

    /** optimize: a manual run, unless one is already queued or running. */
    async start(trigger: Trigger = "manual"): Promise<MaintenanceStarted> {
      const busy = await repo.findBusyRun(db);
      if (busy)
        throw new HttpError(
          409,
          "conflict",
          `A maintenance run is already in progress (${busy}); follow it at /api/v1/maintenance/runs/${busy}`,
          { runId: busy },
        );
      const id = await repo.insertRun(db, trigger);
      const lastMs = await repo.lastRunMs(db);
      await deps.queue.enqueue(MAINTENANCE_JOB, { runId: id, trigger }, { jobId: id, attempts: 1 });
      const estimateMs = Math.max(1000, Math.round((lastMs ?? 5000) * 1.2));
      return {
        message: "Maintenance started: vacuum, rollup reconciliation, partitions, sessions, history, temp files, cache",
        runId: id,
        estimatedCompletion: new Date(Date.now() + estimateMs).toISOString(),
        timestamp: new Date().toISOString(),
      };
    },

    /** Daily, weekly and monthly runs: BullMQ job schedulers with Redis (once per cluster), timers otherwise. */
    /** `dailyMs` shortens the day (tests of the cluster's schedule); weeks and months follow it. */
    schedule(dailyMs = SCHEDULES.daily) {
      const scale = dailyMs / SCHEDULES.daily;
      for (const [trigger, every] of Object.entries(SCHEDULES))
        deps.queue.schedule(MAINTENANCE_JOB, `maintenance-${trigger}`, Math.round(every * scale), { trigger });
    },

    async list(limit = 50) {
      const rows = await repo.listRuns(db, limit);
      return { items: rows.map(serialize) };
    },

    async get(id: string) {
      const row = await repo.findRun(db, id);
      if (!row) throw notFound("Maintenance run");
      return serialize(row);
    },
  };
}

const round = (v: number | null | undefined) => (v == null ? null : Math.round(v * 100) / 100);

export type MaintenanceService = ReturnType<typeof createMaintenanceService>;
