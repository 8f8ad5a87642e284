/** Links between entities: the titles of the records a page links to, and the entities that link to one. */
import { useQueries } from "@tanstack/react-query";
import type { AppRecord, AppSpec, Entity, Field } from "@vta/contracts";
import { byIds } from "./api";
import { recordTitle, text } from "./format";
import type { RecordSource } from "./source";

/** Each field of another entity (or this one) that links to `entity`: where its records are followed from. */
export function linksTo(spec: AppSpec, entity: Entity): { entity: Entity; field: Field }[] {
  return spec.entities.flatMap((e) =>
    e.fields.filter((f) => f.type === "reference" && f.ref === entity.name).map((field) => ({ entity: e, field })),
  );
}

/**
 * A linked record's title by id, for the records at hand: the ids they link to are fetched by
 * entity, one request each (a page of 100 orders shows its customers' names, whatever their number).
 */
export function useLinkTitles(spec: AppSpec, source: RecordSource, entity: Entity, records: AppRecord[]): (id: string) => string {
  const fields = entity.fields.filter((f) => f.type === "reference" && f.ref);
  const targets = [...new Set(fields.map((f) => f.ref!))];
  const queries = useQueries({
    queries: targets.map((target) => {
      const ids = [
        ...new Set(records.flatMap((r) => fields.filter((f) => f.ref === target).map((f) => text(r.data[f.name]))).filter(Boolean)),
      ]
        .sort()
        .slice(0, 200);
      return byIds(source, target, ids);
    }),
  });
  const titles = new Map<string, string>();
  targets.forEach((target, i) => {
    const e = spec.entities.find((x) => x.name === target);
    for (const r of queries[i]?.data?.items ?? []) if (e) titles.set(r.id, recordTitle(e, r));
  });
  return (id) => titles.get(id) ?? (queries.some((q) => q.isPending && q.fetchStatus !== "idle") ? "…" : "(deleted)");
}
