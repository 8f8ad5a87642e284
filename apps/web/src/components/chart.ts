/** The arithmetic behind LineChart, kept apart from uPlot so it can be tested on its own. */

export type Values = (number | null)[];

/** True when there is nothing to plot: no point at all, or (when zeros say "nothing happened") only zeros. */
export function isEmpty(series: { values: Values }[], zerosAreEmpty = false): boolean {
  return !series.some((s) => s.values.some((v) => v !== null && Number.isFinite(v) && (!zerosAreEmpty || v !== 0)));
}

/**
 * Splits a line at its partial points: `solid` keeps the segments between two complete points;
 * each run of partial points becomes its own dashed line, joined to the complete points beside it
 * (a dashed line per run, so two runs never draw one segment across the complete points between them).
 */
export function splitPartial(values: Values, partial: boolean[] | undefined): { solid: Values; dashed: Values[] } {
  if (!partial?.some(Boolean)) return { solid: values, dashed: [] };
  const solid = values.map((v, i) => (partial[i] ? null : v));
  const dashed: Values[] = [];
  for (let i = 0; i < values.length;) {
    if (!partial[i]) {
      i++;
      continue;
    }
    const start = Math.max(0, i - 1);
    let end = i;
    while (end + 1 < values.length && partial[end + 1]) end++;
    end = Math.min(values.length - 1, end + 1);
    dashed.push(values.map((v, j) => (j >= start && j <= end ? v : null)));
    i = end + 1;
  }
  return { solid, dashed };
}

export type Period = "daily" | "weekly" | "monthly";

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last day (YYYY-MM-DD, UTC) of the bucket that starts on `start`. */
export function bucketEnd(period: Period, start: string): string {
  const t = Date.parse(`${start}T00:00:00Z`);
  if (period === "daily") return start;
  if (period === "weekly") return iso(t + 6 * DAY_MS);
  const d = new Date(t);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - DAY_MS);
}

/**
 * Which buckets hold only part of their period: cut by the range (a month that began before
 * `from`, a week that ends after `to`) or not over yet (the bucket holding today).
 */
export function partialBuckets(period: Period, starts: string[], from: string, to: string, today: string): boolean[] {
  return starts.map((start) => {
    const end = bucketEnd(period, start);
    return start < from || end > to || end >= today;
  });
}

/** A bucket as a person names it: "14 Mar 2025", "week of 10 Mar 2025", "March 2025". */
export function bucketLabel(period: Period, start: string): string {
  const d = new Date(`${start}T00:00:00Z`);
  if (period === "monthly") return d.toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
  const day = d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return period === "weekly" ? `week of ${day}` : day;
}

/** A bucket's tick under its point: "30 Nov" for a week, "Nov 2026" for a month. */
export function bucketTick(period: Period, start: string): string {
  const d = new Date(`${start}T00:00:00Z`);
  return period === "monthly"
    ? d.toLocaleDateString("en-GB", { month: "short", year: "numeric", timeZone: "UTC" })
    : d.toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
}

/** Axis numbers that stay short: 950, 1.2k, 45k, 1.5M. */
export function compactNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toFixed(1)}B`;
  if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toFixed(0)}k`;
  if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
  return `${+v.toFixed(a < 1 ? 4 : 2)}`;
}
