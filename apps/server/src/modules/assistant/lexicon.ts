/**
 * The assistant's words about words: the cues that name a field beyond its label, the other ways
 * people say a yes/no or a state, and the words around a name that are not part of it. Plain data,
 * read by values.ts and conditions.ts.
 */

/** Words that cue a field beyond its label's own ("born" for a birth date, "weighs" for a weight). */
export const CUES: Record<string, string[]> = {
  birth: ["born"],
  weight: ["weighs", "weighing", "weighed", "kg", "kilos", "kilograms", "lbs", "pounds"],
  amount: ["kg", "kilo", "kilos", "kilograms"],
  pickup: ["pick", "picked", "picking", "collect", "collecting"],
  join: ["joined", "joining", "signed"],
  start: ["starting", "starts", "started", "begin", "begins", "beginning"],
  due: ["due", "deadline", "by", "back by", "due back", "return by", "bring it back by"],
  deadline: ["due", "by"],
  sent: ["sent", "sending"],
  loaned: ["lent", "lending", "loaned", "borrowed"],
  watered: ["watered", "water"],
  capacity: ["spots", "places", "people", "spaces", "max", "fit"],
  quantity: ["x", "times", "of"],
  hour: ["hours", "hrs", "hr"],
  deposit: ["deposit", "down"],
  quote: ["quote", "quoted"],
  page: ["pages"],
  phone: ["number", "cell", "mobile", "tel"],
  fee: ["fee", "charge", "charged"],
  duration: ["length", "long", "lasted"],
  interval: ["gap", "every", "often"],
  rating: ["give it", "rate", "rated", "stars"],
  address: ["lives at", "located at", "address", "he's at", "she's at", "they're at", "based at"],
  owner: ["owner", "belongs to", "owned by"],
  species: ["species", "kind of", "type of", "she's a", "he's a", "it's a"],
  company: ["from", "at", "works at", "with"],
  author: ["by", "written by"],
  instructor: ["with", "taught by", "led by"],
  teacher: ["teacher", "with"],
  borrower: ["to"],
  reason: ["for", "because"],
  message: ["write", "writing", "saying", "says", "message", "inscription"],
};
/** Other ways to say a yes/no is ticked, by its word. */
export const SAID_AS: Record<string, string[]> = {
  reimbursed: ["paid back", "refunded", "squared up", "settled up"],
  returned: ["brought\\s+back", "gave\\s+back", "given\\s+back", "came\\s+back", "brought\\s+(?:\\w+\\s+)?back", "returned"],
  done: ["handed in", "turned in", "submitted", "finished", "completed"],
  read: ["finished", "got through"],
  paid: ["settled up", "settled", "paid up"],
  active: ["is back", "came back", "rejoined"],
};

/** Ways to say a yes/no is not ticked, by its word: "lapsed" members are not active. */
export const SAID_AS_NOT: Record<string, string[]> = {
  active: ["lapsed", "inactive", "quit", "left", "stopped coming", "cancelled"],
  stock: ["sold out", "out of stock", "ran out", "run out", "none left"],
  paid: ["owes", "owing", "outstanding", "unpaid"],
  done: ["to do", "not done", "outstanding", "pending", "unfinished"],
};

/** Other words people use for common states of a record. */
export const OPTION_SAID_AS: Record<string, string[]> = {
  ready: ["good to go", "ready to go", "ready for pick ?up", "waiting to be collected", "up for collection"],
  "in progress": ["underway", "under way", "ongoing", "being worked on", "started", "in the works"],
  preparing: ["being made", "in the works", "on it"],
  done: ["finished", "completed?", "wrapped up", "all done"],
  finished: ["done", "completed?", "wrapped up", "delivered"],
  "picked up": ["collected", "taken away"],
  cancelled: ["called off", "canceled"],
  scheduled: ["booked in", "on the schedule", "pencilled in"],
  active: ["going ahead", "signed off", "under way", "live"],
  "on hold": ["paused", "parked"],
  proposal: ["proposed", "pitched"],
  new: ["just came in", "just in"],
  high: ["urgent", "super urgent", "asap", "important", "top priority", "high priority"],
  low: ["no rush", "whenever", "not urgent", "low priority"],
  large: ["big", "huge", "family size", "xl"],
  small: ["little", "tiny", "mini"],
  medium: ["regular", "mid ?size", "middle size"],
  fiction: ["novel", "literary"],
  mystery: ["whodunn?it", "thriller", "crime", "detective"],
  kids: ["children's", "picture book", "for kids"],
  cut: ["trim", "haircut"],
  colour: ["dye", "dye job", "tint", "color"],
  blowout: ["blow ?dry"],
};

/** Words that begin or end a phrase without being part of a name ("for", "wants", "today"). */
export const EDGE = new Set(
  `add adding new create log logged record book booked schedule enter put down register save note track sold sell spent spend bought buy
  paid pay got get did do worked work fed feed gave give watered water lent lending loaned borrowed borrowing want wants ordered order
  came come just also please today now here there another entry one item items called named calling it it's its is was will be need
  needs with for to from at on in of by and a an the my our some that this i we he she they his her their up already still too as into
  off out back been has have had went go going`.split(/\s+/),
);
