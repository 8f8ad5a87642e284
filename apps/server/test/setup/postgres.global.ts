import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/platform/db/client.js";
import { migrate } from "../../src/platform/db/migrate.js";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** For a test that needs a database of its own (one whose maintenance runs no other test sees). */
    pgAdminUrl: string;
  }
}

/** A fresh database per run on the local PostgreSQL, migrated once; tests isolate by workspace. */
export default async function setup(project: TestProject) {
  const adminUrl = process.env.TEST_PG_ADMIN_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const name = `vta_test_${Date.now()}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: "", poolSize: 2, statementTimeoutMs: 0 });
  await migrate(database);
  await database.close();
  project.provide("databaseUrl", url.toString());
  project.provide("pgAdminUrl", adminUrl);
  return async () => {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
}
