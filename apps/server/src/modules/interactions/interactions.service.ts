import { Readable } from "node:stream";
import type { ExportQuery, IngestBody, IngestResult, Interaction, InteractionListQuery } from "@vta/contracts";
import type { Database, Db } from "../../platform/db/client.js";
import { GroupCommit } from "../../platform/db/group-commit.js";
import { uuidv7 } from "../../platform/ids.js";
import { ensurePartitionFor } from "../../platform/db/migrate.js";
import { toIso } from "../../platform/db/rows.js";
import { decodeCursor, keysetPage } from "../../platform/http/cursor.js";
import { badRequest, HttpError, isUnavailable, notFound } from "../../platform/http/errors.js";
import * as repo from "./interactions.repository.js";

export interface IngestOptions {
  maxBatchRows: number;
  maxDelayMs: number;
  maxQueuedRows: number;
  maxConcurrentFlushes?: number;
}

/**
 * Called after each committed write (a flush, a rating) with what it touched, before any of its
 * callers is answered: caches invalidated here are never read stale by a client that saw the ack.
 */
export type ChangeListener = (info: { agentIds: Set<string>; workspaceIds: Set<string>; rows: number; ms: number }) => Promise<void> | void;

export function serializeInteraction(r: repo.InteractionDbRow): Interaction {
  return {
    id: r.id,
    agentId: r.agent_id,
    agentName: r.agent_name,
    taskId: r.task_id,
    sessionId: r.session_id,
    endUserId: r.end_user_id,
    createdAt: toIso(r.created_at),
    responseTimeMs: r.response_time_ms,
    tokensIn: r.tokens_in,
    tokensOut: r.tokens_out,
    cost: Number(r.cost),
    userRating: r.user_rating,
    input: r.input,
    output: r.output,
    metadata: r.metadata ?? null,
  };
}

export function createInteractionsService(database: Database, opts: IngestOptions) {
  // Flushes and retention are shared work: they use the base handle, charged to no request.
  const { db: baseDb } = database;
  const listeners = new Set<ChangeListener>();
  const notify = async (info: Parameters<ChangeListener>[0]) => {
    for (const l of listeners) await l(info);
  };
  const knownMonths = new Set<string>();

  /** Monthly partitions for every month a batch touches, created once per process and month. */
  async function ensurePartitions(rows: repo.InteractionRow[]): Promise<void> {
    const months = new Set(rows.map((r) => r.createdAt.slice(0, 7)));
    for (const month of months) {
      if (knownMonths.has(month)) continue;
      await ensurePartitionFor(database, `${month}-01`);
      knownMonths.add(month);
    }
  }

  const commits = new GroupCommit<repo.InteractionRow, boolean>({
    ...opts,
    // One tenant's row the database refuses must not fail the others' requests in the same flush.
    isolate: (err) => !isUnavailable(err),
    flush: async (rows) => {
      const started = performance.now();
      await ensurePartitions(rows);
      const fresh = await repo.insertInteractions(baseDb, rows);
      // A repeated id inside one flush is new only the first time it appears.
      const seen = new Set<string>();
      const results = rows.map((r) => {
        const key = repo.rowKey(r);
        const isNew = fresh.has(key) && !seen.has(key);
        seen.add(key);
        return isNew;
      });
      const committed = rows.filter((_, i) => results[i]);
      if (committed.length > 0) {
        await notify({
          agentIds: new Set(committed.map((r) => r.agentId)),
          workspaceIds: new Set(committed.map((r) => r.workspaceId)),
          rows: rows.length,
          ms: performance.now() - started,
        });
      }
      return results;
    },
  });

  return {
    commits,
    onChange(listener: ChangeListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** Validates ownership, queues the rows and answers once they are committed. */
    async ingest(db: Db, workspaceId: string, body: IngestBody): Promise<IngestResult> {
      const agentIds = [...new Set(body.items.map((i) => i.agentId))];
      const live = await repo.liveAgentIds(db, workspaceId, agentIds);
      const unknown = agentIds.filter((id) => !live.has(id));
      if (unknown.length > 0) {
        throw new HttpError(404, "not_found", `Agent not found: ${unknown.slice(0, 5).join(", ")}; nothing of this batch was written`, {
          agentIds: unknown,
        });
      }
      const now = new Date().toISOString();
      const rows: repo.InteractionRow[] = body.items.map((i) => ({
        id: i.id ?? uuidv7(),
        workspaceId,
        agentId: i.agentId,
        taskId: i.taskId ?? null,
        sessionId: i.sessionId ?? null,
        endUserId: i.endUserId ?? null,
        createdAt: i.createdAt ? new Date(i.createdAt).toISOString() : now,
        responseTimeMs: i.responseTimeMs,
        tokensIn: i.tokensIn,
        tokensOut: i.tokensOut,
        cost: i.cost,
        userRating: i.userRating ?? null,
        input: i.input ?? null,
        output: i.output ?? null,
        metadata: i.metadata === undefined ? null : JSON.stringify(i.metadata),
      }));
      const results = await commits.submit(rows);
      const accepted = results.filter(Boolean).length;
      return { ids: rows.map((r) => r.id), accepted, duplicates: rows.length - accepted };
    },

    /**
     * Keeps `months` whole months of raw interactions before the current one (0 keeps everything);
     * partitions ending before that are dropped, rollups stay.
     */
    async applyRetention(months: number, now = new Date()) {
      if (months <= 0) return { cutoff: null, droppedPartitions: [], defaultRows: 0, keys: 0 };
      const cutoffDate = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
      const cutoff = cutoffDate.toISOString().slice(0, 10);
      const stamp = `interactions_${cutoff.slice(0, 4)}_${cutoff.slice(5, 7)}`;
      const old = (await repo.listPartitions(baseDb)).filter((name) => name < stamp);
      const deleted = await repo.dropRawBefore(baseDb, cutoff, old);
      for (const name of old) knownMonths.delete(`${name.slice(13, 17)}-${name.slice(18, 20)}`);
      return { cutoff, droppedPartitions: old, ...deleted };
    },

    async rate(db: Db, workspaceId: string, id: string, rating: number | null) {
      const row = await repo.rateInteraction(db, workspaceId, id, rating);
      if (!row) throw notFound("Interaction");
      await notify({ agentIds: new Set([row.agent_id]), workspaceIds: new Set([workspaceId]), rows: 1, ms: 0 });
      return { id, userRating: rating, previousRating: row.old_rating };
    },

    async list(db: Db, workspaceId: string, q: InteractionListQuery) {
      checkRange(q.from, q.to);
      const rows = await repo.listInteractions(db, { workspaceId, ...q }, decodeCursor(q.cursor), q.limit + 1);
      return keysetPage(rows, q.limit, serializeInteraction);
    },

    /** Streams every matching interaction in pages of 1000: memory stays flat whatever the size. */
    export(db: Db, workspaceId: string, q: ExportQuery): Readable {
      checkRange(q.from, q.to);
      const filter = { workspaceId, ...q };
      async function* lines() {
        if (q.format === "csv") yield `${CSV_COLUMNS.join(",")}\n`;
        let cursor: { ts: string; id: string } | null = null;
        for (;;) {
          const rows = await repo.listInteractions(db, filter, cursor, EXPORT_PAGE);
          if (rows.length === 0) return;
          yield rows
            .map((r) => (q.format === "csv" ? toCsv(serializeInteraction(r)) : `${JSON.stringify(serializeInteraction(r))}\n`))
            .join("");
          const last = rows.at(-1)!;
          cursor = { ts: last.created_at, id: last.id };
          if (rows.length < EXPORT_PAGE) return;
        }
      }
      return Readable.from(lines());
    },
  };
}

const EXPORT_PAGE = 1000;

function checkRange(from?: string, to?: string) {
  if (from && to && from > to) throw badRequest("from must be on or before to");
}

const CSV_COLUMNS = [
  "id",
  "agentId",
  "taskId",
  "sessionId",
  "endUserId",
  "createdAt",
  "responseTimeMs",
  "tokensIn",
  "tokensOut",
  "cost",
  "userRating",
  "input",
  "output",
  "metadata",
] as const satisfies readonly (keyof Interaction)[];

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
  // Quote when needed; a leading =,+,-,@ is neutralised so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === "string" ? `'${s}` : s;
  return /[",\n\r]/.test(safe) || safe !== s ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const toCsv = (i: Interaction) => `${CSV_COLUMNS.map((c) => csvCell(i[c])).join(",")}\n`;

export type InteractionsService = ReturnType<typeof createInteractionsService>;
