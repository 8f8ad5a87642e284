/** The rows of `record_imports`: one per import answered at once and run after (see record-imports.ts). */
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import type { ImportAnswer } from "./record-imports.js";

/** Which entity an import is into. */
export interface ImportPlace {
  workspaceId: string;
  appId: string;
  entity: string;
}

/** A running import's row, with no rows counted yet; returns its id. */
export async function insertImport(db: Db, at: ImportPlace): Promise<string> {
  const [row] = await queryRows<{ id: string }>(
    db,
    sql`
    insert into record_imports (workspace_id, app_id, entity, rows) values (${at.workspaceId}, ${at.appId}, ${at.entity}, 0) returning id`,
  );
  return row!.id;
}

export function setImportProgress(db: Db, id: string, processed: number, rows: number) {
  return db.execute(sql`update record_imports set processed = ${processed}, rows = ${rows}, updated_at = now() where id = ${id}`);
}

/** The import's end and its answer; every row counts as processed. */
export function finishImport(db: Db, id: string, status: "succeeded" | "failed", answer: ImportAnswer) {
  return db.execute(
    sql`update record_imports set status = ${status}, result = ${JSON.stringify(answer)}::jsonb, processed = rows, updated_at = now() where id = ${id}`,
  );
}

/** An import's row as read: `stale` when it has not moved for `staleMs`. */
export interface ImportRow {
  status: string;
  rows: number;
  processed: number;
  result: ImportAnswer | null;
  stale: boolean;
}

export async function importRow(db: Db, at: ImportPlace, id: string, staleMs: number): Promise<ImportRow | undefined> {
  const [row] = await queryRows<ImportRow>(
    db,
    sql`
    select status, rows, processed, result, updated_at < now() - ${`${staleMs} milliseconds`}::interval as stale
    from record_imports where id = ${id} and workspace_id = ${at.workspaceId} and app_id = ${at.appId} and entity = ${at.entity}`,
  );
  return row;
}
