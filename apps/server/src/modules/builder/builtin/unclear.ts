/**
 * Honesty about what was not understood: the words of a request that no operation used, grouped
 * into phrases, each with what to say instead. Words about the speaker ("I'm a contractor"),
 * fillers and the glue of sentences are not reported.
 */
import type { Unclear } from "@vta/contracts";
import type { Op } from "./ops.js";
import { spoken } from "./words.js";

/** Words that carry no request on their own. */
const GLUE = new Set(
  `a an the and or but so if then than that this these those it its it's they them their there here we i me my our us you your he she his her
  is are was were be been being am do does did done have has had having will would could should can may might must shall wanna gonna gotta
  of to in on at by for from with about into onto over under between through during before after up down out off as like just also too very
  really actually basically maybe probably kind sort lot lots bit some any each every all both either neither no not yes yeah ok okay um uh
  need needs want wants wanted like love would nice great good cool perfect amazing awesome helpful useful easy simple please thanks thank
  app apps application system tool tracker thing things stuff something way place list log keep track tracking manage record see show put make
  get got go going know think guess mean say said let lets help use using used new one ones two three few many much more most other others
  what which who whom whose when where why how whether while because since until once again still already ever even only own same such
  time times day days week weeks year years people person someone everyone anyone everything anything nothing here's there's what's that's
  i'm i've i'd i'll we're we've we'd we'll you're they're they've it'll don't doesn't didn't can't won't isn't aren't wasn't
  start started doing did run runs running work works working try trying look looking able enough right now currently usually always often sometimes
  add remove delete drop change rename call include give create build set turn convert switch lose ditch field fields column columns option options`
    .split(/\s+/)
    .filter(Boolean),
);

/** Clauses about the speaker or their situation, not about the app. */
const ABOUT_SPEAKER =
  /^(?:i|we)(?:'m|'re| am| are)?\s+(?!(?:need|want|would|'d|have to|gotta|wanna|also|just|really|track|keep|log|record|list|like|love|'ll|put|enter|write|jot|note|add|remove|make|change)\b)[a-z]+|^(?:i'?m|i am|we'?re|we are|i work|we work|i run|we run|i own|we own|i teach|i do|i've been|we've been|my (?:wife|husband|sister|brother|mom|dad|friend|boss|partner|kids?|family)|this is|it's for|it is for|hi|hello|hey|thanks|thank you|honestly|the thing is|the problem is|right now|currently|at the moment|our (?:current|old)|nobody|everyone|people (?:keep|always|forget))\b/;

const tokens = (s: string) => s.toLowerCase().match(/[a-z0-9$][a-z0-9'$-]*/g) ?? [];

/**
 * `clauses`: the request cut as the reader cut it; `ops`: what it made of it. Returns the phrases
 * nobody used, in order, at most eight.
 */
export function uncovered(clauses: string[], ops: Op[], entities: string[]): Unclear[] {
  const used = new Set<string>();
  const use = (s: string | undefined) => {
    for (const t of tokens(s ?? "")) {
      used.add(t);
      used.add(t.replace(/'s$/, "").replace(/s$/, ""));
    }
  };
  for (const op of ops) {
    use(op.words);
    if (op.op === "field") use(`${op.field.words ?? ""} ${op.field.phrase} ${(op.field.options ?? []).join(" ")}`);
    if (op.op === "entity" || op.op === "relation") use(`${op.entity} ${"ref" in op ? op.ref : ""}`);
    if (op.op === "options" || op.op === "removeOptions") use(`${op.field} ${op.options.join(" ")}`);
    if (op.op === "view") use(`${op.by ?? ""} ${op.measure ?? ""} ${op.view}`);
  }
  for (const e of entities) use(spoken(e));
  const out: Unclear[] = [];
  for (const clause of clauses) {
    if (ABOUT_SPEAKER.test(clause.trim())) continue;
    const words = clause.split(/\s+/);
    let run: string[] = [];
    let content = 0;
    const flush = () => {
      const phrase = run.join(" ").replace(/^[,.;:()\s]+|[,.;:()\s]+$/g, "");
      if (content > 0 && phrase && out.length < 8) out.push(hintFor(phrase, entities));
      run = [];
      content = 0;
    };
    for (const w of words) {
      const t = tokens(w)[0];
      if (!t) continue;
      const isUsed = used.has(t) || used.has(t.replace(/'s$/, "").replace(/s$/, ""));
      if (isUsed || /[.;]$/.test(w)) {
        if (!isUsed) {
          run.push(w);
          if (!GLUE.has(t) && !/^\d/.test(t)) content++;
        }
        flush();
        continue;
      }
      if (GLUE.has(t) || /^\d/.test(t)) {
        if (run.length) run.push(w);
        if (/,$/.test(w)) flush();
        continue;
      }
      run.push(w);
      content++;
      if (/,$/.test(w)) flush();
    }
    flush();
  }
  return out;
}

function hintFor(phrase: string, entities: string[]): Unclear {
  const text = phrase.replace(/\s+(?:and|or|with|the|a|an|of|to|for|in|on)$/g, "").slice(0, 300);
  // "nicer", "prettier", "more modern": how it looks is not something the builder changes.
  if (
    /^(?:(?:more|less|much|a bit|a little)\s+)?(?:[a-z]+er|modern|pretty|beautiful|colou?rful|clean|sleek|fancy|fun|professional)$/.test(
      text,
    ) ||
    /\b(?:look|looks|colou?rs?|fonts?|styles?|themes?|design)\b/.test(text)
  ) {
    return {
      text,
      hint: 'The builder changes what the app keeps and shows, not how it looks. Say what to add, remove or show, for example: "show tasks on a board by status".',
    };
  }
  const entity = entities[0] ? spoken(entities[0]) : null;
  if (/\bor\b|\//.test(text)) {
    const field = text.split(/\s+/)[0];
    return { text, hint: `Is this a choice? Say which property it belongs to, for example: "${field} can be …, … or …".`.slice(0, 300) };
  }
  if (!entity) return { text, hint: `Say what to keep track of, for example: "track ${text} with a name and a date".`.slice(0, 300) };
  return {
    text,
    hint: `Not used in the app. To keep it, say: "add ${text} to ${entity}".`.slice(0, 300),
    suggestion: `add ${text} to ${entity}`.slice(0, 300),
  };
}
