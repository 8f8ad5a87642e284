import { sql, type SQL } from "drizzle-orm";

type Value = SQL | string | number | boolean | null | undefined;

/** A column value stored as jsonb; undefined stays undefined (the column is left alone). */
export const jsonb = (value: unknown): SQL | undefined => (value === undefined ? undefined : sql`${JSON.stringify(value)}::jsonb`);

/** `now()` when the flag is set; otherwise the column is left alone. */
export const nowIf = (flag: boolean | undefined): SQL | undefined => (flag ? sql`now()` : undefined);

/**
 * `update <table> set …` for a partial change: only the columns whose value is not undefined are
 * written (null writes null). Does nothing when no column changes.
 */
export async function updateColumns(
  db: { execute(query: SQL): Promise<unknown> },
  table: string,
  id: string,
  columns: Record<string, Value>,
): Promise<void> {
  const sets = Object.entries(columns)
    .filter(([, v]) => v !== undefined)
    .map(([column, v]) => sql`${sql.identifier(column)} = ${v}`);
  if (sets.length) await db.execute(sql`update ${sql.identifier(table)} set ${sql.join(sets, sql`, `)} where id = ${id}`);
}
