/** Our type lexicon: what kind of value a field named like this holds. */
import type { FieldType } from "@vta/contracts";
import { lookup } from "../../../platform/lookup.js";

interface Rule {
  type: FieldType;
  test: RegExp;
}

// Checked in order: the first match wins, so the specific phrases come before the generic words.
const RULES: Rule[] = [
  { type: "email", test: /\be-?mails?\b/ },
  { type: "phone", test: /\b(?:phone|mobile|telephone|cell|fax)\b/ },
  { type: "url", test: /\b(?:url|website|web site|link|homepage|web page|site|profile link)\b/ },
  {
    type: "number",
    test: /\b(?:abv|ibu|og|fg|gravity|ph|bpm|rpm|psi|(?:party|group|team|household|shoe|class|batch|crew|family) size|systolic|diastolic|pulse|heart rate|bpm|glucose|reorder level|(?:plot|invoice|order|room|table|unit|lot|item|seat|jersey|house|apartment|flight|page|chapter|episode|season|version|lane|locker|floor) number|number of|count|how many|quantity|qty|age|rating|score|stars|year|pages|duration|minutes|hours|weight|height|length|width|calories|servings|distance|points|percentage|percent|temperature|reps|sets|miles|km|kilometers|capacity|seats|guests|attendees|headcount|stock level|units|mileage|odometer|floor|grade|level number|occupancy|max guests|sleeps|(?:cooking|prep|preparation|reading|travel|total|running|lead|response|watch|play) time|time spent|years of experience)\b/,
  },
  {
    type: "currency",
    test: /\b(?:hourly|daily|pay|day|nightly|weekly|monthly|flat|commission|tax|interest) rate\b|^rate$|\b(?:price|cost|amount|total|salary|budget|fees?|balance|revenue|income|expenses?|payment|rent|wage|spend|spent|tip|deposit|invoice total|value|pay|earnings|donation|fine)\b/,
  },
  {
    type: "dateTime",
    test: /\b(?:date and time|datetime|timestamp|(?:start|end|arrival|departure|meeting|pickup|delivery|appointment|check-?in|check-?out|session|class|event|booking) time|starts? at|ends? at|scheduled (?:at|for)|appointment|time)\b/,
  },
  {
    type: "date",
    test: /\b(?:check ?-?in|check ?-?out|move ?-?in|move ?-?out|drop ?-?off|pick ?-?up)$|\b(?:date|day|birthday|deadline|due|dob|anniversary|expiry|expiration|expires|born|since|until|when)\b|\b(?:start|end|started|ended|opened|closed|reported|applied|received|joined|hired|purchased|bought|shipped|delivered|returned|visited|finished|completed|renewal|expires|planted|harvested|watered|sown|adopted|enrolled|registered|signed|submitted|paid on|checked)$/,
  },
  {
    type: "boolean",
    test: /^(?:is|has|was|are|needs|whether|if)\b|^(?:done|completed?|finished|paid|active|archived|available|in stock|favou?rite|approved|verified|confirmed|read|watched|visited|attended|enabled|published|returned|signed|vaccinated|vegetarian|vegan|gluten free|recurring|billable|urgent|resolved|checked in|packed|owned|public|private)$/,
  },
  {
    type: "longText",
    test: /\b(?:description|notes?|comments?|details|bio|biography|summary|instructions|ingredients|steps|body|content|review|message|feedback|directions|symptoms|remarks|agenda|reflection|thoughts|lyrics|abstract|requirements|answer|diagnosis|treatment|journal entry|entry|story|recipe text|requests|special requests|needs|ingredients list)\b/,
  },
];

/** Enum fields people name without listing choices get the usual ones. */
const DEFAULT_OPTIONS = lookup<string[]>({
  status: ["To do", "In progress", "Done"],
  priority: ["Low", "Medium", "High"],
  difficulty: ["Easy", "Medium", "Hard"],
  severity: ["Low", "Medium", "High", "Critical"],
  frequency: ["Daily", "Weekly", "Monthly"],
  size: ["Small", "Medium", "Large"],
  stage: ["New", "Qualified", "Proposal", "Won", "Lost"],
  mood: ["Great", "Good", "Okay", "Bad"],
  gender: ["Female", "Male", "Other"],
  condition: ["New", "Good", "Fair", "Poor"],
});

export function defaultOptions(phrase: string): string[] | undefined {
  const last = phrase.split(" ").at(-1) ?? "";
  return DEFAULT_OPTIONS[last];
}

/** Names of a field that holds several of its choices at once. */
export const TAGS = /\b(?:tags|labels|keywords|hashtags|genres|topics|skills)$/;

/** The field type a phrase implies; `inferred` when nothing in it said so (plain text by default). */
export function typeOf(phrase: string): { type: FieldType; inferred: boolean } {
  // "a rating out of 5", "stars", "score out of 10": a rating; "a score out of 100" stays a number.
  if (TAGS.test(phrase)) return { type: "tags", inferred: false };
  if (
    /\bauto[- ]?(?:matic(?:ally)?[- ])?(?:number(?:ed)?|increment(?:ed|ing)?)\b|\bsequential (?:number|id)\b|\bnumbered automatically\b/.test(
      phrase,
    )
  )
    return { type: "autoNumber", inferred: false };
  if (
    /\b(?:created (?:at|on|time|date)|date created|time created|creation (?:date|time)|when (?:it was |they were )?(?:created|added)|date added|added on)\b/.test(
      phrase,
    )
  )
    return { type: "createdTime", inferred: false };
  if (
    /\b(?:updated (?:at|on|time|date)|last (?:updated|modified|changed|edited)|date (?:updated|modified)|modified (?:at|on|date))\b/.test(
      phrase,
    )
  )
    return { type: "updatedTime", inferred: false };
  const outOf = /\bout of (\d+)\b/.exec(phrase);
  if (
    (/\b(?:rating|ratings|stars?|star rating)\b/.test(phrase) && (!outOf || Number(outOf[1]) <= 10)) ||
    (outOf && Number(outOf[1]) <= 10 && /\b(?:score|rank|grade)\b/.test(phrase))
  )
    return { type: "rating", inferred: false };
  if (/\b(?:percent|percentage|pct)\b|%|\bin percent\b/.test(phrase)) return { type: "percent", inferred: false };
  if (
    /\b(?:duration|how long|length of time|time spent|time taken|hours (?:spent|worked|logged)|minutes (?:spent|played|practiced|practised)|run ?time|running time)\b|\bin (?:minutes|mins|hours)\b/.test(
      phrase,
    )
  )
    return { type: "duration", inferred: false };
  if (
    /\bfrom \d+ to \d+\b|\bout of \d+\b|\bin (?:days|weeks|months|years|kg|kgs|lbs?|km|miles|ml|oz|ounces|grams|g|liters|litres|gallons|inches|cm|feet|ft|meters|metres)\b/.test(
      phrase,
    )
  )
    return { type: "number", inferred: false };
  if (/\bin (?:dollars|euros|pounds|usd|eur|gbp)\b|\$/.test(phrase)) return { type: "currency", inferred: false };
  for (const rule of RULES) if (rule.test.test(phrase)) return { type: rule.type, inferred: false };
  if (defaultOptions(phrase)) return { type: "enum", inferred: false };
  return { type: "text", inferred: true };
}

/** Type words people use in "make price a number". */
export const TYPE_WORDS: [RegExp, FieldType][] = [
  [/^(?:long text|paragraph|multi-?line text|text area|textarea|notes?)$/, "longText"],
  [/^(?:text|string|short text|word|name)$/, "text"],
  [/^(?:number|integer|numeric|count|decimal)$/, "number"],
  [/^(?:currency|money|price|amount|dollar amount)$/, "currency"],
  [/^(?:date and time|datetime|date time|timestamp|time)$/, "dateTime"],
  [/^(?:date|day)$/, "date"],
  [/^(?:yes\/no|yes or no|checkbox|check box|boolean|toggle|flag|true\/false)$/, "boolean"],
  [/^(?:email|e-mail|email address)$/, "email"],
  [/^(?:phone|phone number)$/, "phone"],
  [/^(?:url|link|website|web address)$/, "url"],
  [/^(?:dropdown|drop-down|choice|select|list of options|enum)$/, "enum"],
  [/^(?:rating|stars?|star rating|a rating)$/, "rating"],
  [/^(?:percent|percentage|%)$/, "percent"],
  [/^(?:duration|length of time|minutes|hours)$/, "duration"],
  [/^(?:tags|labels|multiple choice|multi-?select|several choices)$/, "tags"],
];

export function typeWord(word: string): FieldType | undefined {
  return TYPE_WORDS.find(([re]) => re.test(word.trim()))?.[1];
}

/** Words that make a phrase a field name rather than a thing to track. */
const TITLE_FIRST =
  /^(?:task|note|event|post|article|book|movie|film|song|album|recipe|issue|ticket|bug|goal|idea|project|lesson|course|episode|podcast|video|chore|habit|meeting|trip|game|show|story|chapter|assignment|todo|to-do|job|campaign|deal|challenge|milestone)$/;

/** The field an entity gets when the person named none. */
export const defaultFieldPhrase = (entity: string) => (TITLE_FIRST.test(entity.split(" ").at(-1) ?? "") ? "title" : "name");
