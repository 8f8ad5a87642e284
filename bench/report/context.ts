import type { Database } from "../../apps/server/src/platform/db/client.js";

/** What every section of the report measures against: one seeded database and the real server on it. */
export interface BenchContext {
  /** In-process connection to the seeded database, for the techniques measured at the SQL level. */
  database: Database;
  databaseUrl: string;
  workspaceId: string;
  /** The real server (its own process) on the same database. */
  serverUrl: string;
  /** The seeded account's session cookie and an API key of its workspace. */
  cookie: string;
  apiKey: string;
  log: (line: string) => void;
}
