import { sql } from "drizzle-orm";
import type { AppSpec, BuildStage, GoalStatus, GoalTarget, Unclear } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { jsonb, nowIf, updateColumns } from "../../platform/db/patch.js";
import { queryRows } from "../../platform/db/rows.js";
import type { KeysetCursor } from "../../platform/http/cursor.js";
import type { KeptValues, Renames } from "./record-tables.js";
import { syncTables } from "./record-tables.repository.js";
import { syncTotals } from "./record-totals.repository.js";

export interface AppRow {
  id: string;
  workspace_id: string;
  name: string;
  description: string;
  current_version: number;
  share_token: string | null;
  created_at: string;
  updated_at: string;
}

export interface GoalDbRow {
  id: string;
  text: string;
  target: GoalTarget;
  status: GoalStatus;
  words: string | null;
  created_in_version: number;
}

export interface BuildRow {
  id: string;
  workspace_id: string;
  app_id: string;
  kind: "create" | "revise";
  input_text: string;
  status: "queued" | "running" | "succeeded" | "failed";
  stages: BuildStage[];
  unclear: Unclear[];
  error: string | null;
  rating: number | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  version: number | null;
}

const APP_COLUMNS = sql`a.id, a.workspace_id, a.name, a.description, a.current_version, a.share_token, a.created_at, a.updated_at`;
const BUILD_COLUMNS = sql`b.id, b.workspace_id, b.app_id, b.kind, b.input_text, b.status, b.stages, b.unclear, b.error, b.rating, b.created_at, b.started_at, b.finished_at,
  (select v.version from app_versions v where v.build_id = b.id) as version`;

/** The app and its first build, in one statement. */
export async function insertAppWithBuild(
  db: Db,
  a: { workspaceId: string; userId: string | null; text: string; transcriptionId: string | null },
) {
  const rows = await queryRows<{ app_id: string; build_id: string }>(
    db,
    sql`
    with a as (
      insert into apps (workspace_id, name, description, created_by)
      values (${a.workspaceId}, 'New app', ${a.text.slice(0, 2000)}, ${a.userId}) returning id
    ), b as (
      insert into builds (workspace_id, app_id, kind, input_text, transcription_id, created_by)
      select ${a.workspaceId}, a.id, 'create', ${a.text}, ${a.transcriptionId}, ${a.userId} from a returning id
    ) select a.id as app_id, b.id as build_id from a, b`,
  );
  return rows[0]!;
}

/** An app with no build yet (one made from a spreadsheet gets its first version at once). */
export async function insertApp(db: Db, a: { workspaceId: string; userId: string | null; name: string; description: string }) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    insert into apps (workspace_id, name, description, created_by) values (${a.workspaceId}, ${a.name.slice(0, 80)}, ${a.description.slice(0, 2000)}, ${a.userId}) returning id`,
  );
  return rows[0]!.id;
}

/** `name`, or `name 2`, `name 3`… : the first no other app of the workspace has. */
async function unusedAppName(db: Db, workspaceId: string, appId: string, name: string): Promise<string> {
  const taken = new Set(
    (
      await queryRows<{ name: string }>(
        db,
        sql`select name from apps where workspace_id = ${workspaceId} and id <> ${appId} and (name = ${name} or starts_with(name, ${`${name} `}))`,
      )
    ).map((r) => r.name),
  );
  let candidate = name;
  for (let i = 2; taken.has(candidate); i++) candidate = `${name} ${i}`;
  return candidate;
}

/** A revision build; undefined when the app is not in this workspace. */
/** Takes back an app written a moment ago whose first build could not be queued (with it, its build). */
export async function discardNewApp(db: Db, workspaceId: string, appId: string) {
  await db.execute(sql`delete from apps where id = ${appId} and workspace_id = ${workspaceId} and current_version = 0`);
}

/** Takes back a build written a moment ago that could not be queued. */
export async function discardBuild(db: Db, workspaceId: string, buildId: string) {
  await db.execute(sql`delete from builds where id = ${buildId} and workspace_id = ${workspaceId} and status = 'queued'`);
}

export async function insertRevisionBuild(
  db: Db,
  r: { workspaceId: string; appId: string; userId: string | null; text: string; transcriptionId: string | null },
) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    insert into builds (workspace_id, app_id, kind, input_text, transcription_id, created_by)
    select a.workspace_id, a.id, 'revise', ${r.text}, ${r.transcriptionId}, ${r.userId}
    from apps a where a.id = ${r.appId} and a.workspace_id = ${r.workspaceId} and a.deleted_at is null
    returning id`,
  );
  return rows[0]?.id;
}

export async function findBuild(db: Db, workspaceId: string | null, id: string): Promise<BuildRow | undefined> {
  const rows = await queryRows<BuildRow>(
    db,
    sql`
    select ${BUILD_COLUMNS} from builds b join apps a on a.id = b.app_id and a.deleted_at is null
    where b.id = ${id} ${workspaceId ? sql`and b.workspace_id = ${workspaceId}` : sql``}`,
  );
  return rows[0];
}

/** Builds left queued or running (their process died): to run again at start. */
export async function unfinishedBuildIds(db: Db): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    select b.id from builds b join apps a on a.id = b.app_id and a.deleted_at is null
    where b.status in ('queued', 'running') order by b.created_at limit 1000`,
  );
  return rows.map((r) => r.id);
}

export async function listBuilds(db: Db, workspaceId: string, appId: string): Promise<BuildRow[]> {
  return queryRows<BuildRow>(
    db,
    sql`
    select ${BUILD_COLUMNS} from builds b where b.app_id = ${appId} and b.workspace_id = ${workspaceId}
    order by b.created_at, b.id limit 500`,
  );
}

export async function appExists(db: Db, workspaceId: string, appId: string): Promise<boolean> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select id from apps where id = ${appId} and workspace_id = ${workspaceId} and deleted_at is null`,
  );
  return rows.length > 0;
}

export async function updateBuild(
  db: Db,
  id: string,
  patch: {
    status?: BuildRow["status"];
    stages?: BuildStage[];
    unclear?: Unclear[];
    error?: string | null;
    started?: boolean;
    finished?: boolean;
  },
) {
  await updateColumns(db, "builds", id, {
    status: patch.status,
    stages: jsonb(patch.stages),
    unclear: jsonb(patch.unclear),
    error: patch.error,
    started_at: nowIf(patch.started),
    finished_at: nowIf(patch.finished),
  });
}

export async function rateBuild(db: Db, workspaceId: string, id: string, rating: number) {
  const rows = await queryRows<{ stages: BuildStage[] }>(
    db,
    sql`
    update builds set rating = ${rating} where id = ${id} and workspace_id = ${workspaceId} returning stages`,
  );
  return rows[0];
}

/** The app, its current spec and all its goals: one read. */
export async function appState(db: Db, workspaceId: string | null, appId: string) {
  const rows = await queryRows<AppRow & { spec: AppSpec | null; goals: GoalDbRow[] }>(
    db,
    sql`
    select ${APP_COLUMNS},
      (select v.spec from app_versions v where v.app_id = a.id and v.version = a.current_version) as spec,
      coalesce((select json_agg(json_build_object('id', g.id, 'text', g.text, 'target', g.target, 'status', g.status,
        'words', g.words, 'created_in_version', g.created_in_version) order by g.created_in_version, g.id)
        from goals g where g.app_id = a.id), '[]'::json) as goals
    from apps a where a.id = ${appId} ${workspaceId ? sql`and a.workspace_id = ${workspaceId}` : sql``} and a.deleted_at is null`,
  );
  return rows[0];
}

export interface GoalWrite {
  id: string;
  text: string;
  target: GoalTarget;
  status: GoalStatus;
  words: string | null;
  createdInVersion: number;
}

/** The note a version's summary carries when a retyped field left values behind. */
const keptNote = (kept: KeptValues[]) =>
  kept
    .map((k) => `kept ${k.count} ${k.entity} ${k.field} value${k.count === 1 ? "" : "s"} that did not convert (reverting shows them again)`)
    .join("; ");

class NotCommitted extends Error {}

/**
 * A new version with its goals, and the app's record tables made to match it, in one transaction:
 * the version row (unique per app and version, so a retried job cannot write it twice), the app's
 * pointer and name, every goal upserted, and the tables' new columns and totals (see
 * record-tables.repository.ts and record-totals.repository.ts).
 */
export async function commitVersion(
  db: Db,
  v: {
    workspaceId: string;
    appId: string;
    buildId: string | null;
    version: number;
    spec: AppSpec;
    summary: string;
    goals: GoalWrite[];
    renames?: Renames;
  },
): Promise<boolean> {
  try {
    return await db.transaction(async (tx) => {
      const [previous] = await queryRows<{ spec: AppSpec }>(
        tx,
        sql`select spec from app_versions where app_id = ${v.appId} and version = ${v.version - 1}`,
      );
      // A new app never takes the name of another in its workspace (two "Task Tracker"s could not be told apart).
      if (!previous) v = { ...v, spec: { ...v.spec, name: await unusedAppName(tx, v.workspaceId, v.appId, v.spec.name) } };
      const kept = await syncTables(tx, v.workspaceId, v.appId, v.spec, previous?.spec ?? null, v.renames);
      await syncTotals(tx, v.appId, v.spec);
      const summary = [v.summary, keptNote(kept)].filter(Boolean).join("; ").slice(0, 2000);
      const rows = await queryRows<{ version: number }>(
        tx,
        sql`
        with v as (
          insert into app_versions (workspace_id, app_id, version, spec, build_id, summary)
          values (${v.workspaceId}, ${v.appId}, ${v.version}, ${JSON.stringify(v.spec)}::jsonb, ${v.buildId}, ${summary})
          on conflict (app_id, version) do nothing
          returning version
        ), a as (
          update apps set current_version = v.version, name = ${v.spec.name}, updated_at = now()
          from v where apps.id = ${v.appId} returning apps.id
        ), g as (
          insert into goals (id, workspace_id, app_id, text, target, status, words, created_in_version)
          select x.id, ${v.workspaceId}, ${v.appId}, x.text, x.target, x.status, x.words, x.created_in_version
          from v, jsonb_to_recordset(${JSON.stringify(v.goals.map((g) => ({ id: g.id, text: g.text, target: g.target, status: g.status, words: g.words, created_in_version: g.createdInVersion })))}::jsonb)
            as x(id uuid, text text, target jsonb, status text, words text, created_in_version int)
          on conflict (id) do update set text = excluded.text, target = excluded.target, status = excluded.status, words = coalesce(excluded.words, goals.words), updated_at = now()
          returning 1
        ) select version from v`,
      );
      // Another writer took this version number: its tables stand, ours roll back.
      if (!rows.length) throw new NotCommitted();
      return true;
    });
  } catch (err) {
    if (err instanceof NotCommitted) return false;
    throw err;
  }
}

export async function listApps(db: Db, workspaceId: string, cursor: KeysetCursor | null, limit: number) {
  return queryRows<AppRow & { met: number; unmet: number; retired: number }>(
    db,
    sql`
    select ${APP_COLUMNS},
      count(g.id) filter (where g.status = 'met')::int as met,
      count(g.id) filter (where g.status = 'unmet')::int as unmet,
      count(g.id) filter (where g.status = 'retired')::int as retired
    from apps a left join goals g on g.app_id = a.id
    where a.workspace_id = ${workspaceId} and a.deleted_at is null
      ${cursor ? sql`and (a.created_at, a.id) < (${cursor.ts}::timestamptz, ${cursor.id}::uuid)` : sql``}
    group by a.id
    order by a.created_at desc, a.id desc limit ${limit}`,
  );
}

export async function listVersions(db: Db, workspaceId: string, appId: string) {
  return queryRows<{ version: number; summary: string; build_id: string | null; created_at: string }>(
    db,
    sql`
    select version, summary, build_id, created_at from app_versions
    where app_id = ${appId} and workspace_id = ${workspaceId} order by version desc limit 1000`,
  );
}

export async function findVersion(db: Db, workspaceId: string, appId: string, version: number) {
  const rows = await queryRows<{ version: number; summary: string; build_id: string | null; created_at: string; spec: AppSpec }>(
    db,
    sql`
    select version, summary, build_id, created_at, spec from app_versions
    where app_id = ${appId} and workspace_id = ${workspaceId} and version = ${version}`,
  );
  return rows[0];
}

export async function softDeleteApp(db: Db, workspaceId: string, id: string) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    update apps set deleted_at = now(), share_token = null where id = ${id} and workspace_id = ${workspaceId} and deleted_at is null returning id`,
  );
  return rows.length > 0;
}

export async function setShareToken(db: Db, workspaceId: string, id: string, token: string | null) {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`
    update apps set share_token = ${token} where id = ${id} and workspace_id = ${workspaceId} and deleted_at is null returning id`,
  );
  return rows.length > 0;
}

export async function findByShareToken(db: Db, token: string) {
  const rows = await queryRows<{ id: string; workspace_id: string }>(
    db,
    sql`
    select id, workspace_id from apps where share_token = ${token} and deleted_at is null and current_version > 0`,
  );
  return rows[0];
}
