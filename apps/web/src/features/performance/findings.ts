/**
 * A maintenance step's findings as a person reads them: sentences, and a table where the step found
 * rows (rollup drift). Steps this page does not know yet get one sentence per finding, never JSON.
 */

export interface Described {
  sentences: string[];
  table?: { caption: string; headers: string[]; rows: string[][] };
}

type Findings = Record<string, unknown>;

const num = (v: unknown) => (typeof v === "number" ? v : 0);
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
const list = (items: string[]) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);
const bytes = (n: number) =>
  n >= 1_048_576 ? `${(n / 1_048_576).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(0)} KB` : `${n} bytes`;

/** "cacheHitRate" → "cache hit rate", "expired_sign_in" → "expired sign in". */
export function humanize(key: string): string {
  return key
    .replace(/[_-]+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .trim();
}

/** A finding's value in words: lists joined, nested records as "key value" pairs, nothing as "none". */
export function valueText(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (typeof v === "number") return v.toLocaleString("en-US");
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.length === 0 ? "none" : list(v.map(valueText));
  if (typeof v === "object") {
    const entries = Object.entries(v as Findings);
    return entries.length === 0 ? "none" : entries.map(([k, x]) => `${humanize(k)} ${valueText(x)}`).join(", ");
  }
  return "—";
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function generic(f: Findings): Described {
  return { sentences: Object.entries(f).map(([k, v]) => `${capitalize(humanize(k))}: ${valueText(v)}.`) };
}

interface Drift {
  agentId: string;
  day: string;
  /** missing, orphan or drifted */
  kind: string;
  was: Findings | null;
  now: Findings | null;
}

/** What changed in one rollup row: "interactions 3 → 4, cost 0.01 → 0.02". */
function changes(d: Drift): string {
  if (d.kind === "missing") return `missing from the daily stats; added (${valueText(d.now)})`;
  if (d.kind === "orphan") return "no raw interactions that day; removed";
  const keys = new Set([...Object.keys(d.was ?? {}), ...Object.keys(d.now ?? {})]);
  const moved = [...keys]
    .filter((k) => String(d.was?.[k]) !== String(d.now?.[k]))
    .map((k) => `${humanize(k)} ${valueText(d.was?.[k])} → ${valueText(d.now?.[k])}`);
  return moved.length ? moved.join(", ") : "repaired";
}

const STEPS: Record<string, (f: Findings) => Described> = {
  vacuum: (f) => {
    const tables = Array.isArray(f.tables) ? (f.tables as string[]) : [];
    return { sentences: [`Vacuumed and analyzed ${count(tables.length, "table")}${tables.length ? `: ${list(tables)}` : ""}.`] };
  },
  rollups: (f) => {
    const drifted = num(f.drifted);
    const since = typeof f.from === "string" && f.from !== "1970-01-01" ? ` since ${f.from}` : "";
    const sentences = [`Checked ${count(num(f.checkedDays), "agent-day")} of daily stats${since} against the raw interactions.`];
    if (drifted === 0) sentences.push("Every day matched: nothing to repair.");
    else
      sentences.push(
        `${count(drifted, "day")} had drifted: ${count(num(f.repaired), "day")} recomputed, ${count(num(f.removedOrphans), "orphaned day")} removed.`,
      );
    const examples = Array.isArray(f.examples) ? (f.examples as Drift[]) : [];
    return {
      sentences,
      table: examples.length
        ? {
            caption: drifted > examples.length ? `The first ${examples.length} of ${drifted}` : "What was repaired",
            headers: ["Day", "Agent", "Change"],
            rows: examples.map((d) => [d.day, d.agentId.slice(0, 8), changes(d)]),
          }
        : undefined,
    };
  },
  partitions: (f) => {
    const created = num(f.created);
    const r = (f.retention ?? {}) as { cutoff?: string | null; droppedPartitions?: string[]; defaultRows?: number; keys?: number };
    const sentences = [
      created
        ? `Created ${count(created, "monthly partition")} of interactions ahead of time.`
        : "Every monthly partition needed was already there.",
    ];
    if (!r.cutoff) sentences.push("Retention is off: raw interactions are kept for good.");
    else {
      const dropped = r.droppedPartitions ?? [];
      sentences.push(
        dropped.length || r.defaultRows || r.keys
          ? `Retention dropped raw interactions before ${r.cutoff}: ${dropped.length ? `partitions ${list(dropped)}, ` : ""}${count(num(r.defaultRows), "row")} of the default partition and ${count(num(r.keys), "idempotency key")}. Daily stats stay.`
          : `Nothing was older than the retention cut-off (${r.cutoff}).`,
      );
    }
    return { sentences };
  },
  sessions: (f) => ({
    sentences: [
      `Removed ${count(num(f.expiredRemoved), "expired session")} and ${count(num(f.expiredSignInLinksRemoved), "expired sign-in link")}.`,
    ],
  }),
  "performance-history": (f) => ({
    sentences: [
      `Averaged the samples into ${count(num(f.minuteBuckets), "minute point")} and ${count(num(f.hourBuckets), "hour point")}; pruned ${count(num(f.pruned), "sample")} past their keep time.`,
    ],
  }),
  "temp-files": (f) => ({ sentences: [`Removed ${count(num(f.orphanedUploadsRemoved), "orphaned upload")}.`] }),
  cache: (f) => ({
    sentences: [
      `Pruned ${count(num(f.removed), "stale cache entry", "stale cache entries")}; ${count(num(f.entries), "entry", "entries")} (${bytes(num(f.bytes))}) remain in memory.`,
    ],
  }),
};

/** The steps' names as the page shows them. */
export const STEP_TITLES: Record<string, string> = {
  vacuum: "Vacuum",
  rollups: "Rollup check",
  partitions: "Partitions and retention",
  sessions: "Expired sessions",
  "performance-history": "Performance history",
  "temp-files": "Temporary files",
  cache: "Cache",
};

export const stepTitle = (name: string) => STEP_TITLES[name] ?? capitalize(humanize(name));

export function describeStep(name: string, findings: Findings): Described {
  if (Object.keys(findings).length === 0) return { sentences: [] };
  return (STEPS[name] ?? generic)(findings);
}

/** The monthly report's cache numbers: rates as percentages, times in ms. */
export function cacheEfficiencyRows(c: Record<string, number | null>): [string, string][] {
  return Object.entries(c).map(([k, v]) => {
    const label = capitalize(humanize(k).replace(/^l1/, "L1"));
    if (v === null) return [label, "–"];
    if (/rate$/i.test(k)) return [label, `${(v * 100).toFixed(1)}%`];
    if (/ms$/i.test(k)) return [label.replace(/ ms$/, ""), `${v} ms`];
    return [label, v.toLocaleString("en-US")];
  });
}
