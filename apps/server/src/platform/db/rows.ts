import type { SQL } from "drizzle-orm";
import type { Db } from "./client.js";

/** PostgreSQL timestamp text (any of its spellings) → ISO-8601 UTC, as the API speaks it. */
export function toIso(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  // "2026-11-27 12:00:00.123456+00" → parseable by Date once the space is a T and the offset full.
  const normalized = value.includes("T") ? value : value.replace(" ", "T").replace(/([+-]\d\d)$/, "$1:00");
  return new Date(normalized).toISOString();
}

export const toIsoOrNull = (value: string | Date | null | undefined) => (value == null ? null : toIso(value));

/** Runs one raw statement and returns its rows (both drivers answer `{rows}`). */
export async function queryRows<T>(db: Pick<Db, "execute">, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (result as { rows: T[] }).rows;
}

/** The SQLSTATE of a failed statement (drivers and drizzle wrap it in `cause`s), e.g. "23503" for a foreign key. */
export function pgErrorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}
