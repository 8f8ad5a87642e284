import type { AppRecord, AppSpec, Entity } from "@vta/contracts";
import type { RecordQuery, RecordSource } from "./source";

/** What every view of an entity is given: where its records are, which of them, and what a person may do to one. */
export interface EntityViewProps {
  spec: AppSpec;
  entity: Entity;
  source: RecordSource;
  /** The search and filters in force (every view shows only what they let through). */
  query: RecordQuery;
  /** The pages loaded so far, in the chosen order (the table's rows). */
  records: AppRecord[];
  /** Load the next page, when there is one. */
  more?: () => void;
  linkTitle: (id: string) => string;
  onOpen?: (record: AppRecord) => void;
  onDelete?: (record: AppRecord) => void;
  /** Change some fields of a record (a cell edited in place, a card dropped in another column). */
  onEdit?: (record: AppRecord, patch: Record<string, unknown>) => void;
}
