/**
 * Word classes the reader leans on: which words end a property's name, which stand alone, which
 * name the app or the speaker rather than a thing to track. Lists of words, not sentence patterns.
 */
import { lookup } from "../../../platform/lookup.js";

const set = (words: string) =>
  new Set(
    words
      .trim()
      .split(/\s*\|\s*|\s*\n\s*/)
      .filter(Boolean),
  );

/** Words that end a property's name ("client name", "next service date"); modifiers may come before. */
export const HEAD_WORDS = set(`
  name|title|number|no|id|code|date|day|time|datetime|phone|email|address|price|cost|fee|fees|amount|total|
  rate|type|kind|status|stage|level|priority|category|notes|note|description|count|size|color|colour|rating|score|
  link|url|website|location|capacity|budget|salary|rent|deposit|balance|range|duration|length|weight|height|
  photo|picture|image|source|method|reason|result|results|outcome|comments|details|instructions|person|
  contact|owner|start|end|deadline|value|quantity|qty|percentage|temperature|grade|age|year|month|week|
  account|plan|tier|frequency|mileage|reading|readings|estimate|tip|tax|discount|hours|minutes|size|
  condition|brand|model|make|breed|species|variety|genre|format|language|room|area|zone|shift|role|team|
  position|department|unit|units|label|tag|tags|stock|limit|goal|target|cuisine|inventory|spot
`);

/** Properties named by one word that never modifies the next ("make model year" are three). */
export const STANDALONE_WORDS = set(`
  make|model|year|mileage|breed|age|phone|email|notes|price|cost|budget|address|status|priority|category|
  description|quantity|size|color|colour|rating|score|genre|cuisine|servings|ingredients|instructions|
  duration|weight|height|gender|location|venue|capacity|salary|company|role|source|tags|value|sku|isbn|
  author|publisher|species|variety|website|link|birthday|deadline|comments|feedback|result|outcome|
  stylist|instructor|coach|teacher|doctor|vet|dentist|therapist|client|customer|supplier|vendor|driver|owner|
  subject|summary|amount|total|tip|deposit|balance|rent|fee|paid|done|urgent|completed|vegetarian|
  photo|notes|title|name|date|time|day|time|grade|level|tier|plan|team|department|shift|position|room|
  manufacturer|brand|condition|format|language|frequency|dosage|dose|diagnosis|treatment|symptoms|
  allergies|medications|insurance|occupation|nationality|quantity|stock|reps|sets|calories|distance|pace|
  temperature|humidity|yield|cost|miles|kilometers|hours|minutes|points|goals|assists|wins|losses
`);

/** Known multi-word property names, kept whole when words run together without commas. */
export const FIELD_PHRASES = [
  "date and time",
  "date time",
  "phone number",
  "email address",
  "web address",
  "home address",
  "mailing address",
  "start date",
  "end date",
  "due date",
  "start time",
  "end time",
  "first name",
  "last name",
  "full name",
  "zip code",
  "postal code",
  "date of birth",
  "day of the week",
  "day of week",
  "plate number",
  "license plate",
  "license number",
  "serial number",
  "model number",
  "part number",
  "order number",
  "invoice number",
  "tracking number",
  "account number",
  "policy number",
  "room number",
  "table number",
  "unit price",
  "order date",
  "due back",
  "next service date",
  "service date",
  "check in",
  "check out",
  "move in date",
  "lease start",
  "lease end",
  "monthly rent",
  "contact name",
  "contact email",
  "contact phone",
  "year built",
  "square feet",
  "square footage",
  "hours of sleep",
  "blood type",
  "blood pressure",
  "heart rate",
  "credit card",
  "payment method",
  "shipping address",
  "billing address",
  "emergency contact",
  "job title",
  "pay rate",
  "hourly rate",
  "interest rate",
  "batch number",
  "lot number",
  "jersey number",
  "skill level",
  "age group",
  "time slot",
  "sign up date",
  "signup date",
  "return date",
  "pickup date",
  "delivery date",
  "drop off",
  "pick up",
  "follow up",
  "follow up date",
  "purchase date",
  "purchase price",
  "sale price",
  "asking price",
  "list price",
  "retail price",
  "cost price",
  "total cost",
  "total price",
  "amount paid",
  "amount due",
  "balance due",
  "last visit",
  "last seen",
  "next visit",
  "next appointment",
];

/** Property words whose usual type is a choice, so "X a, b or c" lists its options. */
export const CHOICE_HEADS = set(`
  status|statuses|priority|category|categories|type|types|kind|stage|level|difficulty|severity|size|mood|
  frequency|genre|source|condition|role|tier|plan|channel|method|preference|language|color|colour|state|
  phase|result|outcome|format|platform|location|room|shift|term|season|grade|class|service|package|
  position|department|team|cuisine|style|flavor|flavour|material|finish|species|breed|gender|diet|
  membership|payment|rank|belt|track|division|league|group|zone|area|section|skill|experience|urgency|
  ministry|weather|sport|instrument|voice|treatment|occasion|event|coverage|variety|crop|shape|unit|tone|
  trade|market|animal|specialty|side|method|theme|topic|program|route|course|menu|meal|day|week|tier|rank|room
`);

/** Nouns that name the app itself (or its container), never a thing in it. */
export const APP_NOUNS = set(`
  app|application|apps|system|tool|tracker|crm|database|db|site|website|platform|portal|planner|manager|
  organizer|organiser|hub|program|software|solution|dashboard|spreadsheet|sheet|thing|something|way|place|
  page|logbook|binder|notebook|registry|catalog|catalogue|directory|system|board|menu|roster|log|sheet|inventory|schedule|calendar|records
`);

/** Words that are never an entity or a property on their own. */
export const NOT_A_THING = set(`
  it|them|they|this|that|these|those|things|thing|stuff|everything|anything|something|all|me|us|i|we|you|
  he|she|him|her|one|ones|data|details|info|information|record|records|entries|entry|items|list|lists|
  kinds|kind|types|sort|sorts|bit|bunch|few|way|ways|folks|someone|anyone|everyone|guy|
  guys|who|what|which|where|when|how|whatever|part|parts|side|not|no|yes|etc|more|other|others|rest|there|here|hello|hi|hey|thanks
`);

/** Words that name a property, or the speaker's world, but not a thing to keep a list of. */
export const NOT_AN_ENTITY = set(`
  time|times|day|days|week|weeks|month|months|year|years|night|nights|morning|evening|weekend|season|people|person|end|life|work|home|house|name|date|
  phone|email|status|price|number|address|total|amount|something|anything|app|way|place
`);

/** People the speaker is, or the place they speak from: "I'm a contractor", "our church". */
export const SITUATION_NOUNS = set(`
  business|company|shop|store|studio|salon|office|clinic|practice|church|school|club|team|family|household|
  restaurant|cafe|bakery|farm|warehouse|agency|firm|nonprofit|charity|organization|organisation|group|
  contractor|owner|manager|trainer|teacher|coach|parent|mom|dad|freelancer|photographer|consultant|
  landlord|volunteer|wife|husband|sister|brother|friend|boss|kid|kids|daughter|son|side hustle|hobby
`);

/** Roles of people: their properties keep the role's name ("the buyer's email" → buyerEmail). */
export const PERSON_ROLES = set(`
  client|customer|buyer|seller|requester|requestor|patient|owner|tenant|guest|member|student|parent|
  teacher|borrower|renter|driver|contact|employee|manager|vendor|supplier|donor|volunteer|applicant|
  candidate|caller|sender|recipient|referrer|author|host|coach|player|child|kid|doctor|vet|instructor|
  reporter|assignee|agent|rep|lead|emergency contact|guardian|spouse|partner|landlord|user|visitor
`);

/** Verbs that introduce things to keep: "track my books", "log every workout". */
export const KEEP_VERBS =
  "keep track of|keeping track of|keep tabs on|keep a list of|keep a record of|keep a log of|keep records of|keep|keeping|" +
  "track|tracking|manage|managing|organi[sz]e|organi[sz]ing|log|logging|record|recording|catalog(?:ue)?|cataloging|" +
  "store|storing|list|listing|plan|planning|schedule|scheduling|monitor|monitoring|collect|collecting|register|" +
  "registering|sell|selling|rent|renting|lend|lending|save|saving|remember|maintain|coordinate|coordinating|" +
  "oversee|tally|inventory|jot down|note down|write down|put in|enter|add";

/** "did I exercise" → "exercised": past participles of the verbs people ask about. */
export const IRREGULAR_PAST = lookup<string>({
  take: "taken",
  took: "taken",
  go: "gone",
  went: "gone",
  pay: "paid",
  eat: "eaten",
  ate: "eaten",
  do: "done",
  did: "done",
  read: "read",
  buy: "bought",
  sell: "sold",
  send: "sent",
  show: "shown",
  meet: "met",
  see: "seen",
  give: "given",
  get: "gotten",
  write: "written",
  ride: "ridden",
  run: "run",
  swim: "swum",
  sleep: "slept",
  feed: "fed",
  drink: "drunk",
  win: "won",
  lose: "lost",
  find: "found",
  make: "made",
  bring: "brought",
  teach: "taught",
  leave: "left",
  sign: "signed",
  rsvp: "rsvped",
  "rsvp'd": "rsvped",
  ship: "shipped",
  stop: "stopped",
  plan: "planned",
  refer: "referred",
  admit: "admitted",
});

/** "who borrowed it" → borrower: the person a verb makes. */
export const AGENT_NOUNS = lookup<string>({
  borrowed: "borrower",
  borrow: "borrower",
  referred: "referrer",
  refer: "referrer",
  assigned: "assignee",
  owns: "owner",
  owned: "owner",
  sent: "sender",
  send: "sender",
  bought: "buyer",
  buys: "buyer",
  sold: "seller",
  requested: "requester",
  reported: "reporter",
  donated: "donor",
  approved: "approver",
  rented: "renter",
  signed: "signer",
  booked: "booker",
  made: "maker",
  wrote: "author",
  written: "author",
  hosted: "host",
  hosts: "host",
  leads: "lead",
  led: "lead",
  taught: "teacher",
  teaches: "teacher",
  treated: "doctor",
  treats: "doctor",
  drove: "driver",
  drives: "driver",
  delivered: "driver",
  cleaned: "cleaner",
  cooked: "cook",
  walked: "walker",
  sat: "sitter",
  paid: "payer",
  called: "caller",
});
