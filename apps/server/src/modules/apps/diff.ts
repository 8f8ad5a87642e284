import { FIELD_TYPE_WORDS, type AppSpec, type Field, type SpecChange, type View } from "@vta/contracts";

/** "long text", "choice of low, medium, high", "link to customers", with ", required". */
const describeField = (f: Field) =>
  `${f.type === "enum" && f.options ? `choice of ${f.options.join(", ")}` : f.ref ? `link to ${f.ref}` : FIELD_TYPE_WORDS[f.type]}${f.required ? ", required" : ""}`;

const viewKey = (v: View) => JSON.stringify({ ...v, id: undefined });

/** What changed from one spec to another, entity by entity, field by field, view by view. */
export function diffSpecs(from: AppSpec, to: AppSpec): SpecChange[] {
  const changes: SpecChange[] = [];
  if (from.name !== to.name)
    changes.push({ op: "changed", path: "name", description: `renamed the app from "${from.name}" to "${to.name}"` });
  const before = new Map(from.entities.map((e) => [e.name, e]));
  const after = new Map(to.entities.map((e) => [e.name, e]));
  for (const [name, e] of before)
    if (!after.has(name)) changes.push({ op: "removed", path: `entities.${name}`, description: `removed ${e.pluralLabel.toLowerCase()}` });
  for (const [name, e] of after) {
    const old = before.get(name);
    if (!old) {
      changes.push({
        op: "added",
        path: `entities.${name}`,
        description: `added ${e.pluralLabel.toLowerCase()} (${e.fields.map((f) => f.name).join(", ")})`,
      });
      continue;
    }
    const oldFields = new Map(old.fields.map((f) => [f.name, f]));
    const newFields = new Map(e.fields.map((f) => [f.name, f]));
    for (const [fname, f] of oldFields)
      if (!newFields.has(fname))
        changes.push({
          op: "removed",
          path: `entities.${name}.${fname}`,
          description: `removed ${f.label.toLowerCase()} from ${e.pluralLabel.toLowerCase()}`,
        });
    for (const [fname, f] of newFields) {
      const was = oldFields.get(fname);
      if (!was)
        changes.push({
          op: "added",
          path: `entities.${name}.${fname}`,
          description: `added ${f.label.toLowerCase()} (${describeField(f)}) to ${e.pluralLabel.toLowerCase()}`,
        });
      else if (describeField(was) !== describeField(f) || was.label !== f.label) {
        changes.push({
          op: "changed",
          path: `entities.${name}.${fname}`,
          description: `${f.label.toLowerCase()}: ${describeField(was)} → ${describeField(f)}`,
        });
      }
    }
  }
  const oldViews = new Set(from.views.map(viewKey));
  const newViews = new Set(to.views.map(viewKey));
  for (const v of from.views)
    if (!newViews.has(viewKey(v)))
      changes.push({ op: "removed", path: `views.${v.id}`, description: `removed the ${v.type} "${v.title}"` });
  for (const v of to.views)
    if (!oldViews.has(viewKey(v))) changes.push({ op: "added", path: `views.${v.id}`, description: `added the ${v.type} "${v.title}"` });
  return changes;
}
