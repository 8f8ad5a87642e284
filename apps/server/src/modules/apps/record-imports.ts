/**
 * Large CSV imports, answered at once (202) and run after: their row in `record_imports` says how
 * far they are and, when done, holds their answer, which their Location then gives. The import is
 * one transaction, so one that stops midway (the process ended) kept nothing and says so.
 */
import { sql } from "drizzle-orm";
import type { RecordImportProgress } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import { HttpError, notFound } from "../../platform/http/errors.js";
import type { ImportResult } from "./record-transfer.js";

/** Files larger than this are imported after the answer (or any file, with `Prefer: respond-async`). */
export const BACKGROUND_BYTES = 2 * 1024 * 1024;
/** A running import that has not moved for this long has stopped (its process ended). */
const STALE_MS = 2 * 60_000;

type Answer = { status: number; body: unknown };

export async function startImport(db: Db, at: { workspaceId: string; appId: string; entity: string }, run: (onProgress: (processed: number, rows: number) => void) => Promise<ImportResult>): Promise<RecordImportProgress> {
  const [row] = await queryRows<{ id: string }>(db, sql`
    insert into record_imports (workspace_id, app_id, entity, rows) values (${at.workspaceId}, ${at.appId}, ${at.entity}, 0) returning id`);
  const id = row!.id;
  // Not awaited: the import's own transaction must not wait for it (PGlite has one connection, which
  // that transaction holds; there the progress is written once it commits, before the answer).
  const progress = (processed: number, rows: number) => {
    db.execute(sql`update record_imports set processed = ${processed}, rows = ${rows}, updated_at = now() where id = ${id}`).catch(() => undefined);
  };
  const finish = (status: "succeeded" | "failed", answer: Answer) =>
    db.execute(sql`update record_imports set status = ${status}, result = ${JSON.stringify(answer)}::jsonb, processed = rows, updated_at = now() where id = ${id}`);
  void run(progress)
    .then(
      (result) => finish("succeeded", { status: 201, body: result }),
      (err: unknown) =>
        finish("failed", err instanceof HttpError && err.statusCode < 500
          ? { status: err.statusCode, body: { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } } }
          : { status: 500, body: { error: { code: "import_failed", message: "The import stopped before it ended; nothing of it was kept. Try again." } } }),
    )
    .catch(() => undefined); // the database went away too: the import reads as stopped once stale
  return { id, status: "running", rows: 0, processed: 0 };
}

/** Where an import is: 202 with its progress while it runs, then its own answer (201's body as 200, or its 4xx). */
export async function importAnswer(db: Db, at: { workspaceId: string; appId: string; entity: string }, id: string): Promise<Answer> {
  const [row] = await queryRows<{ status: string; rows: number; processed: number; result: Answer | null; stale: boolean }>(db, sql`
    select status, rows, processed, result, updated_at < now() - ${`${STALE_MS} milliseconds`}::interval as stale
    from record_imports where id = ${id} and workspace_id = ${at.workspaceId} and app_id = ${at.appId} and entity = ${at.entity}`);
  if (!row) throw notFound("Import");
  if (row.status === "running" && row.stale) {
    return { status: 500, body: { error: { code: "import_failed", message: "The import stopped before it ended (the server restarted); nothing of it was kept. Upload the file again." } } };
  }
  if (row.status === "running") return { status: 202, body: { id, status: "running", rows: row.rows, processed: row.processed } satisfies RecordImportProgress };
  const answer = row.result!;
  return answer.status === 201 ? { status: 200, body: answer.body } : answer;
}
