/**
 * Requests that change what exists: rename, remove, require, retype, options, views, additions.
 */
import type { ViewType } from "@vta/contracts";
import { entityOf, introduce, knownEntity, type Context } from "./context.js";
import { addFields, pushViews } from "./describe.js";
import { typeWord } from "./lexicon.js";
import { NOT_A_THING } from "./vocabulary.js";
import { extractViews } from "./views.js";
import { clean, isPlural, singular, splitList } from "./words.js";

const optionLabel = (o: string) => o.trim().replace(/^(?:an?|the)\s+/, "");

/** Requests that change what exists: rename, remove, require, retype, options, views, additions. */
export function parseEdit(c: string, ctx: Context): boolean {
  let m: RegExpExecArray | null;
  if ((m = /^(?:rename|relabel|change the name of)\s+(?:the\s+)?(.+?)\s+(?:to|as|into)\s+(.+)$/.exec(c)) ?? (m = /^(.+?)\s+should be (?:called|named|renamed to)\s+(.+)$/.exec(c))) {
    return rename(m[1]!, m[2]!, ctx);
  }
  if ((m = /^call\s+(?:the\s+)?(.+?)\s+["']?([a-z][a-z ]*?)["']?(?:\s+instead)?$/.exec(c)) && !/^(?:app|it)\b/.test(m[1]!)) {
    return rename(m[1]!, m[2]!, ctx);
  }
  if (
    (m = /^(?:remove|delete|drop|get rid of|take out|take away|hide|eliminate|lose|scratch|forget|skip|nix|cut|leave out|ditch|kill|no need for|don'?t need|do not need|we don'?t need|i don'?t need)\s+(?:the\s+)?(.+?)(?:\s+(?:from|on|of|in)\s+(?:the\s+|each\s+|every\s+|all\s+|my\s+)?([a-z ]+))?$/.exec(c)) ??
    (m = /^(?:i|we)\s+(?:don'?t|do not|no longer)\s+(?:need|want|use|care about)\s+(?:the\s+|a\s+|an\s+)?(.+?)(?:\s+(?:on|for|in)\s+([a-z ]+?))?(?:\s+anymore|\s+any more)?$/.exec(c))
  ) {
    return remove(m[1]!, m[2], ctx);
  }
  if (
    (m = /^make\s+(?:the\s+)?(.+?)\s+(required|mandatory|optional|not required)(?:\s+(?:on|for|in)\s+(?:the\s+|each\s+|every\s+)?([a-z ]+))?$/.exec(c)) ??
    (m = /^(?:the\s+)?(.+?)\s+(?:should|must|has to|needs to|is)\s+(?:always\s+)?(?:be\s+)?(required|mandatory|optional|filled in)$/.exec(c))
  ) {
    const entity = entityOf(m[3], ctx);
    for (const field of splitList(m[1]!)) ctx.ops.push({ op: "require", entity, field: clean(field), required: !/optional|not required/.test(m[2]!) });
    return true;
  }
  if ((m = /^(?:make|change|turn|convert|set)\s+(?:the\s+)?(.+?)\s+(?:field\s+)?(?:into|to be|to|a|an|as)\s+(?:an?\s+)?(.+?)(?:\s+field)?$/.exec(c)) ?? (m = /^(?:the\s+)?(.+?)\s+should be (?:an?\s+)?(.+?)(?:\s+field)?$/.exec(c))) {
    const choice = /^(?:dropdown|drop-down|choice|select|list|pick list|picklist|selection)\s+(?:of|with|between|from)\s+(.+)$/.exec(m[2]!);
    if (choice && splitList(choice[1]!).length >= 2) {
      ctx.ops.push({ op: "options", entity: null, field: clean(m[1]!), options: splitList(choice[1]!).map(optionLabel) });
      return true;
    }
    const type = typeWord(m[2]!);
    if (type) {
      ctx.ops.push({ op: "retype", entity: null, field: clean(m[1]!), type });
      return true;
    }
  }
  if ((m = /^(?:add|include)\s+["']?(.+?)["']?\s+(?:as\s+(?:an?\s+)?(?:new\s+|possible\s+|another\s+)?|to\s+(?:the\s+)?)([a-z ]+?)\s*(?:options?|choices?|values?)?(?:\s+(?:for|of|to)\s+(?:the\s+)?([a-z ]+?))?$/.exec(c))) {
    const field = clean(m[3] ?? m[2]!);
    if (field && !/^(?:option|choice|value)s?$/.test(field) && /\b(?:options?|choices?|values?)\b|^(?:status|priority|category|type|stage|level|difficulty|severity|size|mood|frequency|kind)$/.test(`${m[2]} ${c.slice(-20)}`) && !knownEntity(field, ctx)) {
      ctx.ops.push({ op: "options", entity: null, field, options: splitList(m[1]!).map(optionLabel) });
      return true;
    }
  }
  if ((m = /^(?:the\s+)?(.+?)\s+(?:can|could|may|should) also be\s+(.+)$/.exec(c))) {
    ctx.ops.push({ op: "options", entity: null, field: clean(m[1]!), options: splitList(m[2]!.replace(/^(?:an?|the)\s+/, "")).map(optionLabel) });
    return true;
  }
  if (/^(?:show|display|view|see|put|organi[sz]e|arrange|lay out|visuali[sz]e|present|group|plot|chart|add|give me|create|include|i want|i'd like|we need|i need|let me see)\b/.test(c) && /\b(?:board|kanban|calendar|chart|graph|plot|stats|statistics|totals|table|spreadsheet)\b/.test(c)) {
    const object = /^(?:show|display|view|see|put|organi[sz]e|arrange|lay out|visuali[sz]e|present|group|plot|let me see)\s+(?:all\s+)?(?:the\s+|my\s+|our\s+)?([a-z]+(?: [a-z]+)?)\s+(?:on|in|as|into|by|with|using)\b/.exec(c)?.[1];
    const { rest: left, views } = extractViews(c);
    pushViews(views, ctx, () => entityOf(object, ctx));
    return left === "" || /^(?:show|display|view|see|put|add|give me|create|include|i want|i'd like|we need|i need|let me see|organi[sz]e|arrange|visuali[sz]e|present|group|plot|chart)(?:\s+(?:all\s+)?(?:the\s+|my\s+|our\s+|them|it|[a-z]+))?$/.test(left);
  }
  if ((m = /^give\s+(?:each\s+|every\s+|the\s+|all\s+)?([a-z]+(?: [a-z]+)?)\s+(?:an?\s+|the\s+)?(.+)$/.exec(c)) && knownEntity(m[1]!, ctx)) {
    addFields(knownEntity(m[1]!, ctx), m[2]!, ctx);
    return true;
  }
  if ((m = /^(?:add|include|put|attach|also track|let (?:me|users|people) (?:add|record|store|set|enter|pick|choose))\s+(.+?)(?:\s+(?:to|for|on|in|into)\s+(?:each\s+|every\s+|the\s+|all\s+|my\s+|our\s+)?([a-z]+(?: [a-z]+)?))?$/.exec(c))) {
    const list = m[1]!;
    const target = m[2] ? knownEntity(m[2], ctx) : null;
    if (m[2] && !target) {
      // "add a notes field to it", "add a photo to the form": the entity we are on.
      if (!NOT_A_THING.has(clean(m[2])) && !/^(?:form|app|list|table)$/.test(clean(m[2]))) return false;
    }
    const entityIntro = /^(?:an?\s+)?(?:new\s+)?(?:(?:entity|table|list|section|page|collection|place|way|kind of record)\s+(?:for|of|to track|called|named)\s+)?([a-z]+(?: [a-z]+)?)\s+(?:with|that have|having|including|,)\s+(.+)$/.exec(list);
    if (!target && entityIntro && isPlural(clean(entityIntro[1]!)) && !knownEntity(entityIntro[1]!, ctx)) {
      const entity = introduce(entityIntro[1]!, ctx);
      addFields(entity, entityIntro[2]!, ctx);
      return true;
    }
    const bareEntity = /^(?:an?\s+)?(?:new\s+)?(?:entity|table|list|section|collection)\s+(?:for|of|called|named)\s+([a-z]+(?: [a-z]+)?)$/.exec(list);
    if (bareEntity) {
      introduce(bareEntity[1]!, ctx);
      return true;
    }
    addFields(target ?? ctx.current, list, ctx);
    return true;
  }
  return false;
}

function rename(fromPhrase: string, toPhrase: string, ctx: Context): boolean {
  const from = clean(fromPhrase.replace(/\b(?:field|column|entity|table|list)\b/g, ""));
  const to = clean(toPhrase.replace(/\b(?:field|column|entity|table|list)\b/g, ""));
  if (!from || !to) return false;
  if (/^(?:app|application|it)$/.test(from)) {
    ctx.ops.push({ op: "appName", name: toPhrase.trim() });
    return true;
  }
  const entity = knownEntity(from, ctx);
  if (entity && !ctx.known.has(singular(to))) {
    ctx.known.delete(entity);
    ctx.known.add(singular(to));
    if (ctx.current === entity) ctx.current = singular(to);
    ctx.ops.push({ op: "rename", entity: null, from: entity, to: singular(to) });
    return true;
  }
  const scoped = /^(?:the\s+)?(.+?)\s+(?:of|on|in)\s+(?:the\s+|each\s+)?([a-z]+)$/.exec(from);
  const owner = scoped ? knownEntity(scoped[2]!, ctx) : null;
  ctx.ops.push({ op: "rename", entity: owner ?? ctx.current, from: owner ? clean(scoped![1]!) : from, to });
  return true;
}

function remove(whatPhrase: string, fromPhrase: string | undefined, ctx: Context): boolean {
  const what = clean(whatPhrase);
  const view = /^(?:the\s+)?(board|kanban|calendar|chart|graph|stats|statistics|table)(?:\s+view)?$/.exec(what);
  if (view) {
    const kind = ({ kanban: "board", graph: "chart", statistics: "stats" } as Record<string, ViewType>)[view[1]!] ?? (view[1] as ViewType);
    ctx.ops.push({ op: "removeView", entity: entityOf(fromPhrase, ctx), view: kind });
    return true;
  }
  const entity = fromPhrase ? knownEntity(fromPhrase, ctx) : null;
  if (fromPhrase && !entity && !NOT_A_THING.has(clean(fromPhrase))) return false;
  for (const item of splitList(what)) {
    const phrase = clean(item);
    const asEntity = !entity && isPlural(phrase) ? knownEntity(phrase, ctx) : null;
    if (asEntity && /\bentit|\btable|\blist|\bsection\b/.test(whatPhrase + " ") === false && !ctx.known.has(asEntity)) continue;
    if (asEntity) {
      ctx.known.delete(asEntity);
      ctx.ops.push({ op: "removeEntity", entity: asEntity });
      if (ctx.current === asEntity) ctx.current = [...ctx.known][0] ?? null;
    } else {
      ctx.ops.push({ op: "removeField", entity: entity ?? null, field: phrase.replace(/^e-?mail address$/, "email").replace(/^phone number$/, "phone") });
    }
  }
  return true;
}

