/**
 * What a build reads besides its app: the transcription it was asked with, and the workspace's
 * agents for the pipeline's roles. (The builds themselves are written in apps.repository.ts, with
 * the apps and versions they make.)
 */
import { and, eq, sql } from "drizzle-orm";
import type { AgentConfig, AgentRole } from "@vta/contracts";
import { transcriptions } from "../../../db/schema.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";

export async function findTranscriptionText(
  db: Db,
  workspaceId: string,
  id: string,
): Promise<{ text: string; confidence: number | null } | undefined> {
  const [row] = await db
    .select({ text: transcriptions.text, confidence: transcriptions.confidence })
    .from(transcriptions)
    .where(and(eq(transcriptions.id, id), eq(transcriptions.workspaceId, workspaceId)));
  return row;
}

/** The workspace's agents with a pipeline role (deleted ones too, marked), oldest first. */
export async function pipelineAgentRows(db: Db, workspaceId: string) {
  return queryRows<{ id: string; name: string; role: AgentRole; status: string; live: boolean; config: AgentConfig }>(
    db,
    sql`
    select a.id, a.name, a.role, a.status, a.deleted_at is null as live,
      json_build_object('provider', c.provider, 'model', c.model, 'temperature', c.temperature, 'systemPrompt', c.system_prompt,
        'maxTokens', c.max_tokens, 'priceInputPer1k', c.price_input_per_1k::float8, 'priceOutputPer1k', c.price_output_per_1k::float8) as config
    from agents a join agent_configs c on c.agent_id = a.id
    where a.workspace_id = ${workspaceId} and a.role in ('requirements', 'architect', 'verifier')
    order by a.created_at, a.id`,
  );
}
