/** The statements of the assistant: its commands, kept per app, and the workspace's Assistant agent. */
import { and, eq, sql } from "drizzle-orm";
import { appCommands } from "../../../db/schema.js";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";

export type CommandRow = typeof appCommands.$inferSelect;
export type NewCommand = typeof appCommands.$inferInsert;

export async function insertCommand(db: Db, row: NewCommand): Promise<CommandRow> {
  const [stored] = await db.insert(appCommands).values(row).returning();
  return stored!;
}

export async function findCommand(db: Db, workspaceId: string, appId: string, id: string): Promise<CommandRow | undefined> {
  const [row] = await db
    .select()
    .from(appCommands)
    .where(and(eq(appCommands.id, id), eq(appCommands.workspaceId, workspaceId), eq(appCommands.appId, appId)));
  return row;
}

/** Moves a command from `from` to its next state; undefined when another request moved it first (a confirm or an undo happens once). */
export async function moveCommand(
  db: Db,
  id: string,
  from: CommandRow["status"],
  set: Partial<Pick<CommandRow, "status" | "changes" | "before" | "recordId" | "result">>,
): Promise<CommandRow | undefined> {
  const [row] = await db
    .update(appCommands)
    .set({ ...set, updatedAt: sql`now()` })
    .where(and(eq(appCommands.id, id), eq(appCommands.status, from)))
    .returning();
  return row;
}

export async function linkInteraction(db: Db, id: string, interactionId: string) {
  await db.update(appCommands).set({ interactionId }).where(eq(appCommands.id, id));
}

/** The workspace's agents of the Assistant role, oldest first. */
export async function assistantAgents(db: Db, workspaceId: string) {
  return queryRows<{ id: string; status: string; live: boolean }>(
    db,
    sql`select a.id, a.status, a.deleted_at is null as live from agents a
    where a.workspace_id = ${workspaceId} and a.role = 'assistant' order by a.created_at, a.id`,
  );
}
