import { buildApp } from "./app.js";
import { adoptJsonbRecords } from "./modules/apps/index.js";
import { EnvError, parseEnv } from "./env.js";
import { openDatabase } from "./platform/db/client.js";
import { ensurePartitions, migrate } from "./platform/db/migrate.js";

async function main(): Promise<void> {
  const env = parseEnv();
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  });
  await migrate(database);
  const adopted = await adoptJsonbRecords(database.db);
  const { fastify, probes, interactions, cache, builds, transcriptions, maintenance } = await buildApp({ env, database });
  const log = fastify.log;
  if (adopted) log.info({ apps: adopted }, "moved app records from JSONB into their entity tables");
  // Upload folders a crashed process left behind.
  void transcriptions.removeOrphans().then((n) => n && log.info({ folders: n }, "removed orphaned transcription uploads"));

  // Partitions ahead of time and raw-data retention: at start and every six hours.
  const housekeeping = async () => {
    try {
      const created = await ensurePartitions(database);
      const retention = await interactions.applyRetention(env.INTERACTIONS_RETENTION_MONTHS);
      if (created || retention.droppedPartitions.length) log.info({ created, retention }, "interaction partitions maintained");
    } catch (err) {
      log.error({ err }, "partition housekeeping failed; it runs again in six hours");
    }
  };
  if (env.ROLE !== "api") {
    await housekeeping();
    setInterval(() => void housekeeping(), 6 * 3_600_000).unref();
  }

  // Builds a previous process did not finish (killed, or queued in memory) run again.
  if (env.ROLE !== "api" || !env.REDIS_URL) {
    maintenance.schedule(env.MAINTENANCE_DAILY_MS);
    const recovered = await builds.recover();
    if (recovered) log.info({ builds: recovered }, "unfinished builds queued again");
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    probes.draining = true;
    log.info({ signal }, "draining");
    const timer = setTimeout(() => {
      log.error("shutdown took longer than 10 s; exiting");
      process.exit(1);
    }, 10_000);
    timer.unref();
    try {
      await fastify.close();
      await database.close();
      log.info("stopped cleanly");
      process.exit(0);
    } catch (err) {
      log.error({ err }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));

  if (env.ROLE !== "worker") {
    await fastify.listen({ port: env.PORT, host: env.HOST });
    // The keys that were hottest cluster-wide before this start are loaded before anyone asks.
    void cache.warmFromSaved().then((n) => n && log.info({ keys: n }, "cache warmed from the hot-key list"));
    setInterval(() => void cache.saveHotKeys().catch(() => undefined), 60_000).unref();
    log.info(
      { role: env.ROLE, database: database.kind, url: `http://localhost:${env.PORT}` },
      `Voice-to-App is up on http://localhost:${env.PORT}`,
    );
  } else {
    // Nothing listens in this role: the timer keeps the process (and its housekeeping) alive until SIGTERM.
    setInterval(() => undefined, 60_000);
    log.info({ role: env.ROLE, database: database.kind }, "worker started");
  }
}

main().catch((err: unknown) => {
  if (err instanceof EnvError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
