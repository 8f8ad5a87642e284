/**
 * Corpus items against a spec. Items: `task` (entity), `task.dueDate:date` (typed field),
 * `task.priority=high` (option), `task.title!` (required), `order->customer` (relation),
 * `task:board` (view). Names match loosely (one contains the other): "trailer" finds
 * "trailerLink"; options and views must match exactly, types too (a rating, a percentage or a
 * duration where a number is asked: see typeAccepted).
 */
import type { AppSpec, Entity, Field } from "@vta/contracts";
import { typeAccepted } from "./natural.js";

const near = (actual: string, expected: string) => {
  const a = actual.toLowerCase();
  const e = expected.toLowerCase();
  return a === e || a.endsWith(e) || a.includes(e) || e.includes(a);
};

function entity(spec: AppSpec, name: string, exact = false): Entity | undefined {
  return spec.entities.find((e) => e.name === name) ?? (exact ? undefined : spec.entities.find((e) => near(e.name, name)));
}

function field(e: Entity | undefined, name: string, exact = false): Field | undefined {
  return e?.fields.find((f) => f.name === name) ?? (exact ? undefined : e?.fields.find((f) => near(f.name, name)));
}

export function has(spec: AppSpec, item: string): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^(\w+)->(\w+)$/.exec(item))) {
    const target = entity(spec, m[2]!);
    return !!entity(spec, m[1]!)?.fields.some((f) => f.type === "reference" && f.ref === target?.name);
  }
  if ((m = /^(\w+):(\w+)$/.exec(item))) {
    const e = entity(spec, m[1]!);
    return spec.views.some((v) => v.entity === e?.name && v.type === m![2]);
  }
  if ((m = /^(\w+)\.(\w+):(\w+)$/.exec(item))) {
    const e = entity(spec, m[1]!);
    const exact = field(e, m[2]!, true);
    if (exact) return typeAccepted(exact.type, [m[3]!]);
    return !!e?.fields.some((f) => near(f.name, m![2]!) && typeAccepted(f.type, [m![3]!]));
  }
  if ((m = /^(\w+)\.(\w+)=(.+)$/.exec(item)))
    return !!field(entity(spec, m[1]!), m[2]!)?.options?.some((o) => o.toLowerCase() === m![3]!.toLowerCase());
  if ((m = /^(\w+)\.(\w+)!$/.exec(item))) return !!field(entity(spec, m[1]!), m[2]!)?.required;
  if ((m = /^(\w+)$/.exec(item))) return !!entity(spec, m[1]!);
  throw new Error(`not a corpus item: ${item}`);
}

/** For `absent`: the exact entity, field or view is gone. */
export function lacks(spec: AppSpec, item: string): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^(\w+):(\w+)$/.exec(item))) {
    const e = entity(spec, m[1]!);
    return !spec.views.some((v) => v.entity === e?.name && v.type === m![2]);
  }
  if ((m = /^(\w+)\.(\w+)$/.exec(item))) return !field(entity(spec, m[1]!), m[2]!, true);
  if ((m = /^(\w+)$/.exec(item))) return !entity(spec, m[1]!, true);
  throw new Error(`not a corpus item: ${item}`);
}
