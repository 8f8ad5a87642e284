/**
 * Large CSV imports, answered at once (202) and run after: their row in `record_imports` says how
 * far they are and, when done, holds their answer, which their Location then gives. The import is
 * one transaction, so one that stops midway (the process ended) kept nothing and says so.
 */
import type { RecordImportProgress } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { HttpError, notFound } from "../../platform/http/errors.js";
import { finishImport, importRow, insertImport, setImportProgress, type ImportPlace } from "./record-imports.repository.js";
import type { ImportResult } from "./record-transfer.js";

/** Files larger than this are imported after the answer (or any file, with `Prefer: respond-async`). */
export const BACKGROUND_BYTES = 2 * 1024 * 1024;
/** A running import that has not moved for this long has stopped (its process ended). */
const STALE_MS = 2 * 60_000;

/** An import's answer: its status and body, kept in its row once it ends. */
export type ImportAnswer = { status: number; body: unknown };

export async function startImport(
  db: Db,
  at: ImportPlace,
  run: (onProgress: (processed: number, rows: number) => void) => Promise<ImportResult>,
): Promise<RecordImportProgress> {
  const id = await insertImport(db, at);
  // Not awaited: the import's own transaction must not wait for it (PGlite has one connection, which
  // that transaction holds; there the progress is written once it commits, before the answer).
  const progress = (processed: number, rows: number) => {
    setImportProgress(db, id, processed, rows).catch(() => undefined);
  };
  void run(progress)
    .then(
      (result) => finishImport(db, id, "succeeded", { status: 201, body: result }),
      (err: unknown) =>
        finishImport(
          db,
          id,
          "failed",
          err instanceof HttpError && err.statusCode < 500
            ? {
                status: err.statusCode,
                body: { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } },
              }
            : {
                status: 500,
                body: {
                  error: { code: "import_failed", message: "The import stopped before it ended; nothing of it was kept. Try again." },
                },
              },
        ),
    )
    .catch(() => undefined); // the database went away too: the import reads as stopped once stale
  return { id, status: "running", rows: 0, processed: 0 };
}

/** Where an import is: 202 with its progress while it runs, then its own answer (201's body as 200, or its 4xx). */
export async function importAnswer(db: Db, at: ImportPlace, id: string): Promise<ImportAnswer> {
  const row = await importRow(db, at, id, STALE_MS);
  if (!row) throw notFound("Import");
  if (row.status === "running" && row.stale) {
    return {
      status: 500,
      body: {
        error: {
          code: "import_failed",
          message: "The import stopped before it ended (the server restarted); nothing of it was kept. Upload the file again.",
        },
      },
    };
  }
  if (row.status === "running")
    return { status: 202, body: { id, status: "running", rows: row.rows, processed: row.processed } satisfies RecordImportProgress };
  const answer = row.result!;
  return answer.status === 201 ? { status: 200, body: answer.body } : answer;
}
