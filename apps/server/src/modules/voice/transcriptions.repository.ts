/**
 * Transcriptions (`transcriptions`), and what transcribing reads of the workspace: its Transcriber
 * agents and the names its apps use (the words the recognizer is told to expect).
 */
import { and, eq, sql } from "drizzle-orm";
import { transcriptions } from "../../../db/schema.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import type { Vocabulary } from "./lm/ngram.js";

export type TranscriptionRow = typeof transcriptions.$inferSelect;

/** The workspace's agents with the Transcriber role (deleted ones too, marked), oldest first. */
export async function transcriberAgents(db: Db, workspaceId: string) {
  return queryRows<{ id: string; name: string; status: string; live: boolean; provider: "builtin" | "openai"; model: string }>(
    db,
    sql`
    select a.id, a.name, a.status, a.deleted_at is null as live, c.provider, c.model
    from agents a join agent_configs c on c.agent_id = a.id
    where a.workspace_id = ${workspaceId} and a.role = 'transcriber' order by a.created_at, a.id`,
  );
}

/** The words to expect: the entity and field names of the current version of every live app of the workspace. */
export async function vocabulary(db: Db, workspaceId: string): Promise<Vocabulary> {
  const rows = await queryRows<{ entities: string[] | null; fields: string[] | null }>(
    db,
    sql`
    select array_agg(distinct e->>'name') as entities, array_agg(distinct f->>'name') as fields
    from apps a join app_versions v on v.app_id = a.id and v.version = a.current_version,
      jsonb_array_elements(v.spec->'entities') e, jsonb_array_elements(e->'fields') f
    where a.workspace_id = ${workspaceId} and a.deleted_at is null`,
  );
  return { entities: rows[0]?.entities ?? [], fields: rows[0]?.fields ?? [] };
}

export async function insertTranscription(
  db: Db,
  t: {
    workspaceId: string;
    engine: string;
    text: string;
    durationMs: number;
    processingMs: number;
    words: unknown;
    confidence: number | null;
    reason: string | null;
  },
): Promise<{ id: string; created_at: string }> {
  const rows = await queryRows<{ id: string; created_at: string }>(
    db,
    sql`
    insert into transcriptions (workspace_id, engine, text, duration_ms, processing_ms, words, confidence, reason)
    values (${t.workspaceId}, ${t.engine}, ${t.text}, ${t.durationMs}, ${t.processingMs}, ${t.words ? JSON.stringify(t.words) : null}::jsonb, ${t.confidence}, ${t.reason})
    returning id, created_at`,
  );
  return rows[0]!;
}

export async function findTranscription(db: Db, workspaceId: string, id: string): Promise<TranscriptionRow | undefined> {
  const [row] = await db
    .select()
    .from(transcriptions)
    .where(and(eq(transcriptions.id, id), eq(transcriptions.workspaceId, workspaceId)));
  return row;
}
