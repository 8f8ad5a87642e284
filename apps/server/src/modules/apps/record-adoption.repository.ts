/**
 * Records that earlier releases kept as JSONB in `app_records` move into their entity tables, once
 * per app, at start-up. Values are converted as a retyped field's are (what does not read as the
 * field's type stays empty); `app_records` itself is left as it was, so nothing is lost.
 */
import { sql } from "drizzle-orm";
import type { AppSpec } from "@vta/contracts";
import type { Db } from "../../platform/db/client.js";
import { queryRows } from "../../platform/db/rows.js";
import { columnRef, tableRef, textAs } from "./record-columns.repository.js";
import { columnOf } from "./record-tables.js";
import { syncTables, tablesOf } from "./record-tables.repository.js";
import { syncTotals } from "./record-totals.repository.js";

/** Moves the records of every built app that has no tables yet; returns how many apps moved. */
export async function adoptJsonbRecords(db: Db): Promise<number> {
  const apps = await queryRows<{ id: string; workspace_id: string; spec: AppSpec }>(
    db,
    sql`
    select a.id, a.workspace_id, v.spec from apps a join app_versions v on v.app_id = a.id and v.version = a.current_version
    where not exists (select 1 from app_tables t where t.app_id = a.id)`,
  );
  for (const app of apps) {
    await db.transaction(async (tx) => {
      // Nodes starting together: the first one moves the app, the others find its tables.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`adopt:${app.id}`}))`);
      if ((await queryRows(tx, sql`select 1 from app_tables where app_id = ${app.id} limit 1`)).length) return;
      await syncTables(tx, app.workspace_id, app.id, app.spec, null);
      await syncTotals(tx, app.id, app.spec);
      const tables = await tablesOf(tx, app.id);
      for (const entity of app.spec.entities) {
        const t = tables.get(entity.name)!;
        const plain = entity.fields.filter((f) => f.type !== "reference").map((f) => ({ f, c: columnOf(t, f)! }));
        await tx.execute(sql`
          insert into ${tableRef(t)} (id, created_at, updated_at${sql.join(
            plain.map(({ c }) => sql`, ${columnRef(c)}`),
            sql``,
          )})
          select r.id, r.created_at, r.updated_at${sql.join(
            plain.map(({ f, c }) => sql`, ${textAs(sql`r.data->>${f.name}`, c, undefined)}`),
            sql``,
          )}
          from app_records r where r.app_id = ${app.id} and r.entity = ${entity.name}`);
      }
      // Links last, once every table is filled: a link to a record that no longer exists stays empty.
      for (const entity of app.spec.entities) {
        const t = tables.get(entity.name)!;
        for (const f of entity.fields.filter((x) => x.type === "reference")) {
          const column = columnOf(t, f)!;
          await tx.execute(sql`
            update ${tableRef(t)} y set ${columnRef(column)} = ${textAs(sql`r.data->>${f.name}`, column, tables.get(f.ref!))}
            from app_records r where r.id = y.id and r.data ? ${f.name}`);
        }
      }
    });
  }
  return apps.length;
}
