/**
 * Operations → a new AppSpec, the goals they promise, and what they do to earlier goals (a removal
 * the person asked for retires goals; a rename or retype moves them).
 */
import type { AppSpec, Entity, Field, FieldType, GoalDraft, GoalTarget, Unclear, View, ViewType } from "@vta/contracts";
import { defaultFieldPhrase, defaultOptions, TAGS } from "./lexicon.js";
import { describeTarget } from "../goal-text.js";
import { resolveField } from "./resolve.js";
import { readCondition } from "./view-filters.js";
import type { FieldDraft, Op } from "./ops.js";
import { camel, clean, label, plural, singular, spoken } from "./words.js";

export interface GoalEffects {
  /** Goals whose target matches are retired: the person asked for the removal. */
  retire: ((t: GoalTarget) => boolean)[];
  /** Renames and retypes: earlier targets move with the thing they name. */
  move: ((t: GoalTarget) => GoalTarget)[];
}

export interface Applied {
  spec: AppSpec;
  goals: GoalDraft[];
  effects: GoalEffects;
  /** One line per change, for the build's stages. */
  changes: string[];
  /** What could not be done, with the person's words and what to say instead. */
  skipped: Unclear[];
}

type Draft = { name: string; description: string; entities: Entity[]; views: View[] };

export function applyOps(base: AppSpec | null, ops: Op[], text: string): Applied {
  const spec: Draft = base ? structuredClone(base) : { name: "", description: text.slice(0, 2000), entities: [], views: [] };
  const goals: GoalDraft[] = [];
  const effects: GoalEffects = { retire: [], move: [] };
  const changes: string[] = [];
  const skipped: Unclear[] = [];
  /** The words of the operation being applied: goals and skips carry them. */
  let words: string | undefined;
  const skip = (hint: string) => skipped.push({ text: (words ?? hint).slice(0, 300), hint: hint.slice(0, 300) });
  const created = new Set<string>();
  let current: Entity | undefined = spec.entities[0];

  const promise = (target: GoalTarget, said = words) => {
    goals.push({ text: describeTarget(target, spec), target, ...(said ? { words: said.slice(0, 300) } : {}) });
  };
  const entityNamed = (phrase: string | null): Entity | undefined => {
    if (phrase === null) return current;
    const name = camel(singular(clean(phrase)));
    return (
      spec.entities.find((e) => e.name === name || e.label.toLowerCase() === phrase || e.pluralLabel.toLowerCase() === phrase) ??
      spec.entities.find((e) => e.name.toLowerCase().endsWith(name.toLowerCase()))
    );
  };
  const ensureEntity = (phrase: string): Entity => {
    const found = entityNamed(phrase);
    if (found) return (current = found);
    const singularPhrase = singular(clean(phrase));
    const entity: Entity = {
      name: camel(singularPhrase),
      label: label(singularPhrase),
      pluralLabel: label(plural(singularPhrase)),
      fields: [],
    };
    spec.entities.push(entity);
    created.add(entity.name);
    changes.push(`added ${entity.pluralLabel.toLowerCase()}`);
    promise({ kind: "entity", entity: entity.name });
    return (current = entity);
  };
  const needEntity = (phrase: string | null): Entity | undefined => {
    const e = phrase === null ? (current ?? spec.entities[0]) : entityNamed(phrase);
    if (e) current = e;
    return e;
  };

  for (const op of ops) {
    words = op.op === "field" ? (op.field.words ?? op.words) : op.words;
    switch (op.op) {
      case "appName":
        spec.name = op.name.replace(/\b\w/g, (c) => c.toUpperCase()).slice(0, 80);
        changes.push(`named the app ${spec.name}`);
        break;
      case "entity":
        ensureEntity(op.entity);
        break;
      case "field": {
        const entity = op.entity === null ? (current ?? ensureEntity("item")) : ensureEntity(op.entity);
        addField(entity, op.field);
        break;
      }
      case "relation": {
        const entity = ensureEntity(op.entity);
        const ref = entityNamed(op.ref) ?? ensureEntity(op.ref);
        current = entity;
        if (!entity.fields.some((f) => f.type === "reference" && f.ref === ref.name)) {
          entity.fields.push({ name: uniqueField(entity, ref.name), label: ref.label, type: "reference", ref: ref.name, required: false });
          changes.push(`linked each ${entity.label.toLowerCase()} to a ${ref.label.toLowerCase()}`);
        }
        promise({ kind: "relation", entity: entity.name, ref: ref.name });
        break;
      }
      case "removeField": {
        const [entity, field] = findField(op.entity, op.field);
        if (!entity || !field) {
          skip(`there is no ${op.field} field to remove`);
          break;
        }
        removeField(entity, field);
        break;
      }
      case "removeEntity": {
        const entity = entityNamed(op.entity);
        if (!entity) {
          skip(`there are no ${op.entity} to remove`);
          break;
        }
        if (spec.entities.length === 1) {
          skip(`${entity.pluralLabel} is the app's only entity; it stays`);
          break;
        }
        spec.entities = spec.entities.filter((e) => e !== entity);
        spec.views = spec.views.filter((v) => v.entity !== entity.name);
        for (const other of spec.entities) for (const f of other.fields.filter((f) => f.ref === entity.name)) removeField(other, f, true);
        effects.retire.push((t) => t.entity === entity.name || (t.kind === "relation" && t.ref === entity.name));
        changes.push(`removed ${entity.pluralLabel.toLowerCase()}`);
        if (current === entity) current = spec.entities[0];
        break;
      }
      case "rename":
        rename(op);
        break;
      case "require": {
        const [entity, field] = findField(op.entity, op.field);
        if (!entity || !field) {
          skip(`there is no ${op.field} field to make ${op.required ? "required" : "optional"}`);
          break;
        }
        field.required = op.required;
        changes.push(`made ${entity.label.toLowerCase()} ${field.label.toLowerCase()} ${op.required ? "required" : "optional"}`);
        const target: GoalTarget = { kind: "required", entity: entity.name, field: field.name };
        if (op.required) promise(target);
        else effects.retire.push((t) => t.kind === "required" && t.entity === entity.name && t.field === field.name);
        break;
      }
      case "options": {
        const [entity, field] = findField(op.entity, op.field);
        if (!entity || !field) {
          const owner = needEntity(op.entity);
          if (!owner) break;
          addField(owner, { phrase: op.field, type: "enum", inferred: false, options: op.options });
          break;
        }
        if (field.type !== "enum") {
          changes.push(`made ${field.label.toLowerCase()} a choice`);
          effects.move.push((t) => (t.kind === "field" && t.entity === entity.name && t.field === field.name ? { ...t, type: "enum" } : t));
          field.type = "enum";
          field.options = [];
        }
        // Our usual options ("To do, In progress, Done") give way to the person's own.
        const usual = defaultOptions(field.label.toLowerCase());
        if (usual && JSON.stringify(usual) === JSON.stringify(field.options)) {
          effects.retire.push(
            (t) =>
              t.kind === "option" &&
              t.entity === entity.name &&
              t.field === field.name &&
              !op.options.some((o) => o.toLowerCase() === t.option.toLowerCase()),
          );
          field.options = [];
        }
        for (const option of op.options) {
          if (!field.options!.some((o) => o.toLowerCase() === option.toLowerCase())) field.options!.push(option);
          promise({ kind: "option", entity: entity.name, field: field.name, option });
        }
        field.options = field.options!.slice(0, 50);
        changes.push(`${field.label.toLowerCase()} can be ${op.options.join(", ")}`);
        break;
      }
      case "removeOptions": {
        const [entity, field] = findField(op.entity, op.field);
        if (!entity || !field || field.type !== "enum") {
          skip(`there is no ${op.field} choice to take options from`);
          break;
        }
        const gone = new Set(op.options.map((o) => o.toLowerCase()));
        const left = (field.options ?? []).filter((o) => !gone.has(o.toLowerCase()));
        if (left.length === (field.options ?? []).length) {
          skip(`${field.label.toLowerCase()} has no option ${op.options.join(" or ")}`);
          break;
        }
        field.options = left.length ? left : ["Other"];
        effects.retire.push(
          (t) => t.kind === "option" && t.entity === entity.name && t.field === field.name && gone.has(t.option.toLowerCase()),
        );
        changes.push(`${field.label.toLowerCase()} can no longer be ${op.options.join(", ")}`);
        break;
      }
      case "retype": {
        const [entity, field] = findField(op.entity, op.field);
        if (!entity || !field) {
          skip(`there is no ${op.field} field to change`);
          break;
        }
        if (op.type === "reference") break;
        field.type = op.type;
        if (op.type === "enum") field.options = field.options ?? defaultOptions(op.field) ?? ["Yes", "No"];
        else if (op.type !== "tags") delete field.options; // a choice made tags keeps its choices as the tags
        if (op.type !== "rating") delete field.max;
        delete field.ref;
        effects.move.push((t) => (t.kind === "field" && t.entity === entity.name && t.field === field.name ? { ...t, type: op.type } : t));
        promise({ kind: "field", entity: entity.name, field: field.name, type: op.type });
        changes.push(`${entity.label.toLowerCase()} ${field.label.toLowerCase()} is now ${spoken(op.type)}`);
        keepViewsValid(entity);
        break;
      }
      case "view":
        addView(op);
        break;
      case "removeView": {
        // "lose the chart": the chart, whichever thing it shows, unless a thing was named.
        const entity = op.entity === null ? undefined : needEntity(op.entity);
        const before = spec.views.length;
        spec.views = spec.views.filter((v) => !(v.type === op.view && (!entity || v.entity === entity.name)));
        if (spec.views.length === before) skip(`there is no ${op.view} to remove`);
        else {
          changes.push(`removed the ${op.view}`);
          effects.retire.push((t) => t.kind === "view" && t.view === op.view && (!entity || t.entity === entity.name));
        }
        break;
      }
    }
  }

  // Every record needs something to show it by: a new thing with no text property gets a name (or a title).
  for (const entity of spec.entities) {
    const labelled = entity.fields.some((f) => f.type === "text" || f.type === "email" || f.type === "reference");
    if (entity.fields.length === 0 || (created.has(entity.name) && !labelled)) {
      words = undefined;
      entity.fields.unshift(
        ...[
          {
            name: uniqueField(entity, camel(defaultFieldPhrase(spoken(entity.name)))),
            label: label(defaultFieldPhrase(spoken(entity.name))),
            type: "text" as const,
            required: true,
          },
        ],
      );
      changes.push(`added ${defaultFieldPhrase(spoken(entity.name))} to ${entity.pluralLabel.toLowerCase()}`);
    }
  }
  for (const entity of spec.entities) {
    if (!created.has(entity.name)) continue;
    for (const kind of ["table", "form"] as const)
      if (!spec.views.some((v) => v.entity === entity.name && v.type === kind)) spec.views.push(defaultView(entity, kind));
  }
  if (!spec.name) spec.name = appTitle(spec);
  return { spec: spec, goals, effects, changes, skipped };

  // ---------------------------------------------------------------- helpers over `spec`

  function findField(entityPhrase: string | null, fieldPhrase: string): [Entity | undefined, Field | undefined] {
    const hinted = entityPhrase === null ? current : entityNamed(entityPhrase);
    const phrase = clean(fieldPhrase);
    const name = camel(phrase);
    const exact = hinted?.fields.find((f) => f.name === name || f.label.toLowerCase() === phrase || f.name === camel(singular(phrase)));
    if (exact) {
      current = hinted;
      return [hinted, exact];
    }
    // Loose words: "the waiver thing", "price on menu items", "the dog's notes".
    const found = resolveField(spec, fieldPhrase, hinted);
    if (found && (entityPhrase === null || !hinted || found.entity === hinted)) {
      current = found.entity;
      return [found.entity, found.field];
    }
    return [hinted, undefined];
  }

  function addField(entity: Entity, draft: FieldDraft) {
    const name = camel(draft.phrase);
    // "tags like urgent, billing": several of the choices at once.
    let type: FieldType = draft.type === "enum" && TAGS.test(draft.phrase) ? "tags" : draft.type;
    let ref: string | undefined;
    const named = draft.inferred
      ? spec.entities.find((e) => e !== entity && (e.name === camel(singular(draft.phrase)) || e.name === name))
      : undefined;
    if (named) {
      type = "reference";
      ref = named.name;
    }
    const existing = entity.fields.find((f) => f.name === name);
    const field: Field = existing ?? { name: uniqueField(entity, name), label: label(draft.phrase), type, required: false };
    if (existing) {
      if (!draft.inferred && existing.type !== type) {
        effects.move.push((t) => (t.kind === "field" && t.entity === entity.name && t.field === existing.name ? { ...t, type } : t));
        existing.type = type;
      }
    } else {
      entity.fields.push(field);
      changes.push(`added ${field.label.toLowerCase()} to ${entity.pluralLabel.toLowerCase()}`);
    }
    if (type === "enum") field.options = [...new Set([...(field.options ?? []), ...(draft.options ?? ["Yes", "No"])])].slice(0, 50);
    if (type === "tags" && draft.options?.length) field.options = [...new Set([...(field.options ?? []), ...draft.options])].slice(0, 50);
    if (ref) field.ref = ref;
    // "a rating out of 10": the top of the scale (5 when not said).
    const top = /\bout of (\d+)\b/.exec(`${draft.words ?? ""} ${draft.phrase}`);
    if (type === "rating" && top && Number(top[1]) >= 2 && Number(top[1]) <= 10) field.max = Number(top[1]);
    if (draft.required) field.required = true;
    if (ref) promise({ kind: "relation", entity: entity.name, ref });
    else promise({ kind: "field", entity: entity.name, field: field.name, type });
    if (type === "enum" && draft.options)
      for (const option of draft.options) promise({ kind: "option", entity: entity.name, field: field.name, option });
    if (draft.required) promise({ kind: "required", entity: entity.name, field: field.name });
    current = entity;
  }

  function removeField(entity: Entity, field: Field, quietly = false) {
    entity.fields = entity.fields.filter((f) => f !== field);
    effects.retire.push((t) => t.entity === entity.name && "field" in t && t.field === field.name);
    if (field.type === "reference") effects.retire.push((t) => t.kind === "relation" && t.entity === entity.name && t.ref === field.ref);
    if (!quietly) changes.push(`removed ${field.label.toLowerCase()} from ${entity.pluralLabel.toLowerCase()}`);
    if (entity.fields.length === 0) entity.fields.push({ name: "name", label: "Name", type: "text", required: true });
    keepViewsValid(entity);
  }

  /** Views that depend on a field that is gone or changed type are dropped (and reported by the verifier). */
  function keepViewsValid(entity: Entity) {
    const type = (name: string) => entity.fields.find((f) => f.name === name)?.type;
    spec.views = spec.views.filter((v) => {
      if (v.entity !== entity.name) return true;
      // A saved list whose condition's field is gone or changed kind is no longer that list.
      if (
        v.filters?.some(
          (f) =>
            !type(f.field) ||
            (f.op === "in" && type(f.field) !== "enum") ||
            (f.op === "within" && type(f.field) !== "date" && type(f.field) !== "dateTime"),
        )
      )
        return false;
      if (v.sort && !type(v.sort.replace(/^-/, ""))) delete v.sort;
      if (v.type === "board") return type(v.groupBy) === "enum";
      if (v.type === "calendar") return type(v.dateField) === "date" || type(v.dateField) === "dateTime";
      if (v.type === "chart") return !!type(v.groupBy) && (!v.measure || type(v.measure) === "number" || type(v.measure) === "currency");
      if (v.type === "table" && v.columns) v.columns = v.columns.filter((c) => type(c));
      return true;
    });
  }

  function rename(op: Extract<Op, { op: "rename" }>) {
    const entity = op.entity === null ? entityNamed(op.from) : undefined;
    if (entity) {
      const to = singular(op.to);
      const name = camel(to);
      if (spec.entities.some((e) => e.name === name)) {
        skip(`there already are ${plural(to)}`);
        return;
      }
      const old = entity.name;
      Object.assign(entity, { name, label: label(to), pluralLabel: label(plural(to)) });
      for (const v of spec.views) if (v.entity === old) Object.assign(v, { entity: name, id: v.id.replace(old, name) });
      for (const e of spec.entities) for (const f of e.fields) if (f.ref === old) f.ref = name;
      effects.move.push((t) => {
        const moved = t.entity === old ? { ...t, entity: name } : t;
        return moved.kind === "relation" && moved.ref === old ? { ...moved, ref: name } : moved;
      });
      changes.push(`renamed ${spoken(old)} to ${to}`);
      return;
    }
    const [owner, field] = findField(op.entity, op.from);
    if (!owner || !field) {
      skip(`there is no ${op.from} to rename`);
      return;
    }
    const name = camel(op.to);
    if (owner.fields.some((f) => f.name === name && f !== field)) {
      skip(`${owner.pluralLabel.toLowerCase()} already have ${op.to}`);
      return;
    }
    const old = field.name;
    Object.assign(field, { name, label: label(op.to) });
    for (const v of spec.views) {
      if (v.entity !== owner.name) continue;
      if (v.type === "board" && v.groupBy === old) v.groupBy = name;
      if (v.type === "calendar" && v.dateField === old) v.dateField = name;
      if (v.type === "chart" && v.groupBy === old) v.groupBy = name;
      if (v.type === "chart" && v.measure === old) v.measure = name;
      if (v.type === "table" && v.columns) v.columns = v.columns.map((c) => (c === old ? name : c));
      if (v.filters) v.filters = v.filters.map((f) => (f.field === old ? { ...f, field: name } : f));
      if (v.sort?.replace(/^-/, "") === old) v.sort = v.sort.replace(old, name);
    }
    effects.move.push((t) => (t.entity === owner.name && "field" in t && t.field === old ? { ...t, field: name } : t));
    changes.push(`renamed ${spoken(old)} to ${op.to}`);
  }

  function addView(op: Extract<Op, { op: "view" }>) {
    const entity = needEntity(op.entity) ?? (spec.entities[0] ? spec.entities[0] : undefined);
    if (!entity) {
      skip(`a ${op.view} needs something to show`);
      return;
    }
    if (entity.fields.length === 0)
      addField(entity, { phrase: defaultFieldPhrase(spoken(entity.name)), type: "text", inferred: false, required: true });
    const fieldBy = (phrase: string | undefined, types: FieldType[]) => {
      if (!phrase) return entity.fields.find((f) => types.includes(f.type));
      const [, f] = findField(spoken(entity.name), phrase);
      current = entity;
      return f && types.includes(f.type) ? f : undefined;
    };
    let view: View;
    const id = uniqueView(`${entity.name}${op.view[0]!.toUpperCase()}${op.view.slice(1)}`);
    const title = `${entity.pluralLabel} ${op.view === "stats" ? "at a glance" : op.view}`;
    switch (op.view) {
      case "board": {
        let field = fieldBy(op.by, ["enum"]) ?? (op.by ? undefined : entity.fields.find((f) => f.name === "status" && f.type === "enum"));
        if (!field) {
          addField(entity, {
            phrase: op.by ?? "status",
            type: "enum",
            inferred: false,
            options: defaultOptions(op.by ?? "status") ?? defaultOptions("status"),
          });
          field = entity.fields.find((f) => f.name === camel(op.by ?? "status"))!;
          if (field.type !== "enum") return void skip(`a board needs a field with choices; ${field.label.toLowerCase()} has none`);
        }
        view = { id, type: "board", entity: entity.name, title, groupBy: field.name };
        break;
      }
      case "calendar": {
        let field = fieldBy(op.by, ["date", "dateTime"]);
        if (!field) {
          addField(entity, { phrase: op.by ?? "date", type: "date", inferred: false });
          field = entity.fields.find((f) => f.name === camel(op.by ?? "date"));
          if (!field || (field.type !== "date" && field.type !== "dateTime")) return void skip("a calendar needs a date field");
        }
        view = { id, type: "calendar", entity: entity.name, title, dateField: field.name };
        break;
      }
      case "chart": {
        const measure = op.measure ? fieldBy(op.measure, ["number", "currency"]) : undefined;
        const dated = op.overTime ? entity.fields.find((f) => f.type === "date" || f.type === "dateTime") : undefined;
        let group =
          dated ??
          (op.by
            ? fieldBy(op.by, ["enum", "text", "reference", "date", "boolean"])
            : (entity.fields.find((f) => f.type === "enum") ?? entity.fields.find((f) => f.type === "reference" || f.type === "date")));
        if (!group && op.by) {
          addField(entity, {
            phrase: op.by,
            type: defaultOptions(op.by) ? "enum" : "text",
            inferred: false,
            options: defaultOptions(op.by),
          });
          group = entity.fields.find((f) => f.name === camel(op.by!));
        }
        group ??= entity.fields[0]!;
        view = {
          id,
          type: "chart",
          entity: entity.name,
          title: `${entity.pluralLabel} by ${group.label.toLowerCase()}`,
          groupBy: group.name,
          chart: op.chart ?? "bar",
          ...(measure ? { measure: measure.name } : {}),
        };
        break;
      }
      case "table":
        if (op.where) {
          // "open tasks due this week": a table of tasks with the filters its words name.
          const { filters, unused } = readCondition(entity, op.where);
          if (!filters.length)
            return void skip(`"${op.where}" names nothing ${entity.pluralLabel.toLowerCase()} have (no choice, yes/no or date fits)`);
          if (unused.length) skip(`left out of the list "${op.words}": ${unused.join(", ")}`);
          view = {
            id: uniqueView(`${entity.name}List`),
            type: "table",
            entity: entity.name,
            title: label(op.words ?? op.where).slice(0, 80),
            filters,
          };
          break;
        }
        view = defaultView(entity, op.view, id);
        break;
      case "form":
      case "stats":
        view = defaultView(entity, op.view, id);
    }
    if (
      !spec.views.some(
        (v) => v.entity === entity.name && v.type === op.view && JSON.stringify({ ...v, id: "" }) === JSON.stringify({ ...view, id: "" }),
      )
    ) {
      spec.views.push(view);
      changes.push(`added a ${op.view} of ${entity.pluralLabel.toLowerCase()}`);
    }
    promise({ kind: "view", entity: entity.name, view: op.view });
  }

  function uniqueField(entity: Entity, name: string) {
    let candidate = name;
    for (let i = 2; entity.fields.some((f) => f.name === candidate); i++) candidate = `${name}${i}`;
    return candidate;
  }

  function uniqueView(id: string) {
    let candidate = id;
    for (let i = 2; spec.views.some((v) => v.id === candidate); i++) candidate = `${id}${i}`;
    return candidate;
  }
}

function defaultView(
  entity: Entity,
  type: Exclude<ViewType, "board" | "calendar" | "chart">,
  id = `${entity.name}${type[0]!.toUpperCase()}${type.slice(1)}`,
): View {
  if (type === "form") return { id, type, entity: entity.name, title: `New ${entity.label.toLowerCase()}` };
  if (type === "stats") return { id, type, entity: entity.name, title: `${entity.pluralLabel} at a glance` };
  return { id, type, entity: entity.name, title: entity.pluralLabel };
}

function appTitle(spec: Draft): string {
  const first = spec.entities[0];
  return first ? `${first.label} Tracker` : "New App";
}
