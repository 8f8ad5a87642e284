import { buildApp } from "./app.js";
import { EnvError, parseEnv } from "./env.js";
import { openDatabase } from "./platform/db/client.js";
import { migrate } from "./platform/db/migrate.js";

async function main(): Promise<void> {
  const env = parseEnv();
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
  });
  await migrate(database);
  const { fastify, probes } = await buildApp({ env, database });
  const log = fastify.log;

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
    log.info(
      { role: env.ROLE, database: database.kind, url: `http://localhost:${env.PORT}` },
      `Voice-to-App is up on http://localhost:${env.PORT}`,
    );
  } else {
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
