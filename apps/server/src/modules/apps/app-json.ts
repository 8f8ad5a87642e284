/**
 * An app with its records as JSON text, in pieces: the head fields first, then the records a page
 * at a time, so a share link or an export of a large app is streamed with one page in memory.
 */
import type { AppRecord } from "@vta/contracts";

/** `{...head, "records": {<entity>: [...], ...}}`; every entity of `entities` appears, empty or not. */
export async function* appJson(
  head: Record<string, unknown>,
  entities: string[],
  pages: AsyncIterable<{ entity: string; records: AppRecord[] }>,
): AsyncGenerator<string> {
  const opening = JSON.stringify(head);
  yield `${opening.slice(0, -1)}${opening.length > 2 ? "," : ""}"records":{`;
  const written = new Set<string>();
  let open: string | null = null;
  for await (const { entity, records } of pages) {
    if (!records.length) continue;
    if (entity !== open) {
      if (open !== null) yield "]";
      yield `${written.size ? "," : ""}${JSON.stringify(entity)}:[`;
      written.add(entity);
      open = entity;
    } else yield ",";
    yield records.map((r) => JSON.stringify(r)).join(",");
  }
  if (open !== null) yield "]";
  for (const entity of entities) {
    if (written.has(entity)) continue;
    yield `${written.size ? "," : ""}${JSON.stringify(entity)}:[]`;
    written.add(entity);
  }
  yield "}}";
}
