/**
 * Views asked for anywhere in a sentence: "a kanban by stage", "orders on a calendar", "a pie chart
 * of expenses by category", "a total at the top", "summary numbers like how many are open". Each
 * request is taken out of the clause, so what is left can be read for things and properties.
 */
import type { ViewType } from "@vta/contracts";
import { lookup } from "../../../platform/lookup.js";

export interface ViewRequest {
  view: ViewType;
  /** Words naming what to show ("orders", "punch list items"), resolved against the entities later. */
  of?: string;
  /** The field to group (board, chart) or place (calendar) by. */
  by?: string;
  /** A chart's measure ("chart of amount by campaign" → sum of amount). */
  measure?: string;
  chart?: "bar" | "pie" | "line";
  /** "per week", "over time": grouped by the entity's date. */
  overTime?: boolean;
  /** "a board by status: booked, confirmed, done": the choices of the field it is grouped by. */
  options?: string[];
  /** A saved table's condition in the person's words ("open … due this week"), read against the entity's fields when applied. */
  where?: string;
  words: string;
}

/** Words that say which records a list shows: a period, a state, a "not". */
const PERIOD = String.raw`(?:overdue|past due|late|due (?:today|tomorrow|this week|this month|next week|soon)|(?:today|tomorrow|this week|this month|next week|in the next (?:7|seven) days|in the last (?:30|thirty) days))`;
const STATE = String.raw`(?:open|closed|done|finished|completed|complete|pending|active|inactive|new|paid|unpaid|shipped|cancel+ed|archived|draft|late|upcoming|urgent|important|approved|rejected|unread|unanswered|unassigned|in progress|not (?:yet )?[a-z]+|un[a-z]+ed)`;
/** "show me open tasks due this week", "a list of unpaid invoices", "a view of orders that are shipped". */
const FILTERED = new RegExp(
  String.raw`\b(?:(?:show|list|see|view|display)(?: me| us)?(?: only| just| all)?|i (?:want|need|'d like|would like) to see|let me see|(?:a|an|one) (?:list|view|page|tab|table|filter) (?:of|for|with|showing|that shows))\s+(?:all |only |just |the |my |our )*` +
    String.raw`((?:(?:${STATE}|overdue|past due) )*)([a-z]+(?: [a-z]+)??)((?:\s+(?:that are|which are|that were|that is|which is|who are))?\s+(?:${PERIOD}|${STATE})(?:\s+(?:and|or)\s+(?:${PERIOD}|${STATE}))*)?(?=$|[,.;:)]| and\b| so\b| please\b| too\b| as well\b| at the top\b)`,
);

/** A filtered list asked for in the clause, taken out of it; only with words that say which records. */
function extractFiltered(clause: string): { rest: string; view?: ViewRequest } {
  const m = FILTERED.exec(clause);
  if (!m) return { rest: clause };
  const [adjectives = "", noun = "", condition = ""] = [m[1], m[2], m[3]];
  if (!adjectives.trim() && !condition.trim()) return { rest: clause };
  if (/\b(?:board|kanban|calendar|chart|graph|table|stats|summary|totals?)\b/.test(noun)) return { rest: clause };
  const rest = `${clause.slice(0, m.index)} ${clause.slice(m.index + m[0].length)}`.replace(/\s+/g, " ").trim();
  return {
    rest,
    view: { view: "table", of: noun, where: `${adjectives}${condition}`.trim(), words: `${adjectives}${noun}${condition}`.trim() },
  };
}

const NP = String.raw`(?:the |my |our |all (?:the |my |our )?|their |its |each |every )?([a-z][a-z' ]*?)`;
const END = String.raw`(?=$|[,.;:)]| and\b| so\b| where\b| with\b| that\b| which\b| would\b| to see\b| too\b| as well\b| please\b| i\b| we\b| would\b| could\b| would be\b| is\b| will\b| sorted\b)`;

const PATTERNS: { view: ViewType; re: RegExp }[] = [
  {
    view: "board",
    re: new RegExp(
      String.raw`\b(?:(?:put|show|display|see|view|drag|move|organi[sz]e|arrange|have|want|need|get)\s+(?:all\s+)?${NP}\s+(?:on|in|as|into|onto|using)\s+)?(?:a |an |the )?(?:kanban(?: style)?(?: board)?|(?:status |drag and drop |drag-and-drop |trello(?: style)? )?board)(?: view)?(?:\s+(?:of|for|with)\s+${NP})?(?:\s+(?:grouped |organi[sz]ed |sorted |split |arranged |columns? )?(?:by|per|for each|with columns for|from)\s+(?:their |its |the |each )?([a-z][a-z ]*?))?${END}`,
    ),
  },
  {
    view: "calendar",
    re: new RegExp(
      String.raw`\b(?:(?:put|show|display|see|view|have|want|need|get)\s+(?:all\s+)?${NP}\s+(?:on|in|as|into|onto|using)\s+)?(?:a |an |the )?(?:calendar|calender)(?: view)?(?:\s+(?:of|for|with|showing)\s+${NP})?(?:\s+(?:by|using|based on|on)\s+(?:their |its |the )?([a-z][a-z ]*?))?${END}`,
    ),
  },
  {
    view: "chart",
    re: new RegExp(
      String.raw`\b(?:(?:put|show|display|see|view|plot|graph)\s+(?:all\s+)?${NP}\s+(?:on|in|as)\s+)?(?:a |an |the |some )?(?:(bar|pie|line|column|donut|doughnut)\s+)?(?:charts?|graphs?)(?:\s+(?:of|for|showing|with|on|that shows|tracking)\s+(?:the |my |our |how many |how much |total |number of |count of |sum of )?([a-z][a-z ]*?))?(?:\s+(?:by|per|for each|across|over|grouped by|broken down by|split by|against|each)\s+(?:the |their |its |each )?([a-z][a-z ]*?))?${END}`,
    ),
  },
  {
    view: "stats",
    re: new RegExp(
      String.raw`\b(?:(?:some |a few |the |a |an )?(?:big |grand |running |overall )?(?:summary|stats|statistics|totals?|kpis?|key numbers|overview numbers|numbers at the top|counts?|dashboard|tally|tallies)(?: numbers| stats| figures| view| section| box)?(?:\s+(?:for|of|on|about|like)\s+[a-z' ]*?)?(?:\s+at the top)?)(?:(?:\s+of\s+(?:what|how|the)\b[a-z' ]*)?$|${END})`,
    ),
  },
  {
    // "show me how many are waiting at the top"
    view: "stats",
    re: new RegExp(String.raw`\b(?:show (?:me |us )?)?(?:how many|how much|the number of|the count of)[a-z' ]*? at the top${END}`),
  },
  {
    view: "table",
    re: new RegExp(
      String.raw`\b(?:(?:put|show|display|see|view)\s+(?:all\s+)?${NP}\s+(?:in|as)\s+)?(?:a |an |the )?(?:table|spreadsheet|grid)(?: view)?(?:\s+(?:of|for)\s+${NP})?${END}`,
    ),
  },
];

/** Words that look like a view but are not one ("board members", "a table number", "the total cost"). */
const NOT_A_VIEW = lookup<RegExp>({
  board:
    /\b(?:board (?:games?|members?|meetings?|of directors)|on board|boarding|whiteboard|chalkboard|dashboard|cardboard|skateboard|surfboard|snowboard|keyboard|board(?:ing)? (?:date|fee|rate))\b/,
  table:
    /\btable (?:number|numbers|size|sizes|name|count|for \d|of \d)|\b(?:which|what) table\b|\btables?\s*(?:\(|:)|\btables? (?:have|has|need|with)\b|\btables? and\b|\b(?:seating|round|dining|picnic|coffee) tables?\b|\bper table\b|\btable (?:service|cloth)/,
  stats:
    /\b(?:total (?:cost|price|amount|paid|spent|due|hours|miles|weight|time|\$)|(?:word|page|head|rep|step|stitch|calorie|body) counts?|count (?:of (?:\w+ )?(?:sold|left))|totals? (?:for|of) (?:each|every|the order|the invoice)|the total\b(?! (?:at|on) the top))/,
  chart: /\b(?:seating chart|chart number|medical chart|chart notes?|growth chart (?:number))\b/,
  calendar: /\bcalendar (?:year|month|date)\b/,
});

/** Takes the view requests out of a clause. */
export function extractViews(clause: string): { rest: string; views: ViewRequest[] } {
  const filtered = extractFiltered(clause);
  let rest = filtered.rest;
  const views: ViewRequest[] = filtered.view ? [filtered.view] : [];
  for (const { view, re } of PATTERNS) {
    for (let guard = 0; guard < 3; guard++) {
      const m = re.exec(rest);
      if (!m) break;
      const around = rest.slice(Math.max(0, m.index - 20), m.index + m[0].length + 25);
      if (
        NOT_A_VIEW[view]?.test(around) &&
        !(view === "stats" && /\b(?:at the top|summary|stats|statistics|overview|dashboard|kpi)/.test(m[0]))
      )
        break;
      if (
        view === "stats" &&
        !/\b(?:summary|stats|statistics|totals?|kpis?|key numbers|overview|numbers at the top|dashboard|tally|tallies|counts?)\b/.test(m[0])
      )
        break;
      if (
        view === "stats" &&
        /^(?:a |the )?(?:count|total|tally)$/.test(m[0].trim()) &&
        !/\b(?:see|show|want|need|give|at the top|running|overall|grand)\b/.test(around)
      )
        break;
      if (
        view === "table" &&
        !/\b(?:in|as|into) (?:a |an |the )?(?:table|spreadsheet|grid)\b|\btable view\b|\b(?:show|display|see|view|put|want|need|like|give me|get)\b[^,.]*\b(?:table|spreadsheet|grid)\b|\bspreadsheet\b/.test(
          around,
        )
      )
        break;
      const request = toRequest(view, m);
      let end = m.index + m[0].length;
      // "… by status: booked, confirmed, in progress" / "(new, roasting, packed)": the grouping field's choices.
      const listed =
        (request.by || view === "board") &&
        /^(?:\s*(?:would be [a-z ]+?|too|please|as well))?\s*(?::|-|\(|,\s*(?:like|with))\s*([a-z0-9][^.;()]*?)\)?(?=$|[.;])/.exec(
          rest.slice(end),
        );
      // "on a board: new, scheduled, done": a board's columns are a status.
      if (listed && !request.by) request.by = "status";
      if (listed) {
        const items = listed[1]!
          .split(/\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s*\/\s*/)
          .map((o) => o.trim())
          .filter(Boolean);
        if (items.length >= 2 && items.every((i) => i.split(" ").length <= 3)) {
          request.options = items;
          end += listed[0].length;
        }
      }
      views.push(request);
      rest = `${rest.slice(0, m.index)} ${rest.slice(end)}`.replace(/\s+/g, " ").trim();
    }
  }
  rest = rest
    .replace(
      /\s*,?\s*(?:(?:all |both )?(?:shown|displayed|organi[sz]ed|arranged|visible|laid out|presented|viewable)(?: (?:as|in|on))?)$/,
      "",
    )
    .replace(
      /\b(?:would|will|'d) be (?:nice|great|amazing|awesome|cool|helpful|good|ideal|perfect|sweet|a dream|a must|a plus|a bonus|lovely|handy|useful)(?: too| as well)?\b|\bis a must\b/g,
      "",
    )
    .replace(
      /(?:^|\s+)(?:and|with|on|in|as|to|so i can see|so we can see|so i can|so we can|would help|would be|i'?d love|i want|i need|we want|we need|give me|show me|also|plus|too|please)$/,
      "",
    )
    .trim();
  return { rest, views };
}

function toRequest(view: ViewType, m: RegExpExecArray): ViewRequest {
  const clean = (s: string | undefined) =>
    s
      ?.replace(/\b(?:the|my|our|their|its|all)\b/g, "")
      .replace(/\s+/g, " ")
      .trim() || undefined;
  const words = m[0].trim();
  switch (view) {
    case "board":
      return { view, of: clean(m[1] ?? m[2]), by: clean(m[3]), words };
    case "calendar":
      return { view, of: clean(m[1] ?? m[2]), by: clean(m[3]), words };
    case "chart": {
      const kind = m[2] === "pie" || m[2] === "donut" || m[2] === "doughnut" ? "pie" : m[2] === "line" ? "line" : "bar";
      let by = clean(m[4]);
      let chart: ViewRequest["chart"] = kind;
      let overTime = false;
      if (by && /^(?:time|months?|weeks?|days?|date|year|month by month|week by week)$/.test(by)) {
        chart = m[2] ? kind : "line";
        by = undefined;
        overTime = true;
      }
      return { view, of: clean(m[1]), measure: clean(m[3]), by, chart, overTime, words };
    }
    case "stats":
    case "table":
    case "form":
      return { view, of: view === "table" ? clean(m[1] ?? m[2]) : undefined, words };
  }
}
