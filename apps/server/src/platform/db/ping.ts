import { sql } from "drizzle-orm";
import type { Db } from "./client.js";

/** One trivial statement: throws when the database does not answer (readiness and health checks). */
export async function ping(db: Pick<Db, "execute">): Promise<void> {
  await db.execute(sql`select 1`);
}
