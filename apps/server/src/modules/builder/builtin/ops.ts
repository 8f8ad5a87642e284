import type { FieldType, ViewType } from "@vta/contracts";

/** A field as the person described it: a phrase, resolved to an identifier when applied. */
export interface FieldDraft {
  phrase: string;
  type: FieldType;
  /** Nothing in the words said what type: a name that matches an entity becomes a reference. */
  inferred: boolean;
  options?: string[];
  required?: boolean;
  /** The person's own words for it. */
  words?: string;
  /** Options are our usual ones, or none were given for what sounds like a choice: ask which. */
  askOptions?: boolean;
  /** The name is a guess from a clause or a long phrase ("when their next cleaning's due"): say how it was read. */
  unsure?: boolean;
}

/**
 * What one request asks for, in order. Entities and fields are phrases ("order item", "due
 * date"); `entity: null` means "the one we are talking about".
 */
export type Op = (
  | { op: "appName"; name: string }
  | { op: "entity"; entity: string }
  | { op: "field"; entity: string | null; field: FieldDraft }
  | { op: "relation"; entity: string; ref: string }
  | { op: "removeField"; entity: string | null; field: string }
  | { op: "removeEntity"; entity: string }
  | { op: "rename"; entity: string | null; from: string; to: string }
  | { op: "require"; entity: string | null; field: string; required: boolean }
  | { op: "options"; entity: string | null; field: string; options: string[] }
  | { op: "removeOptions"; entity: string | null; field: string; options: string[] }
  | { op: "retype"; entity: string | null; field: string; type: FieldType }
  | {
      op: "view";
      entity: string | null;
      view: ViewType;
      by?: string;
      measure?: string;
      chart?: "bar" | "pie" | "line";
      overTime?: boolean;
      where?: string;
    }
  | { op: "removeView"; entity: string | null; view: ViewType }
) & {
  /** The person's words this operation came from. */
  words?: string;
};
