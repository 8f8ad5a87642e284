import type { DatePeriod } from "./app-spec.js";

const DAY = 86_400_000;
/** The day `n` days after `day` (both YYYY-MM-DD). */
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

/** A named period as a range of days, both ends included (null: open), around `today`. */
export function periodRange(period: DatePeriod, today: string): [string | null, string | null] {
  switch (period) {
    case "today":
      return [today, today];
    case "thisWeek": {
      const monday = addDays(today, -((new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7));
      return [monday, addDays(monday, 6)];
    }
    case "thisMonth": {
      const first = `${today.slice(0, 8)}01`;
      return [first, addDays(`${addDays(first, 31).slice(0, 8)}01`, -1)];
    }
    case "next7Days":
      return [today, addDays(today, 6)];
    case "last30Days":
      return [addDays(today, -29), today];
    case "overdue":
      return [null, addDays(today, -1)];
  }
}

/**
 * A duration as a person writes it, in minutes: "90", "1:30", "1h 30m", "2 hours", "45 min",
 * "1.5 h". Null when it is not one.
 */
export function parseDuration(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(t)) return Number(t);
  const clock = /^(\d+):([0-5]\d)$/.exec(t);
  if (clock) return Number(clock[1]) * 60 + Number(clock[2]);
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|d|days?)\b/g)];
  if (!parts.length || t.replace(/(\d+(?:\.\d+)?)\s*(h|hrs?|hours?|m|mins?|minutes?|d|days?)\b|\s|,|and/g, "") !== "") return null;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * (unit!.startsWith("d") ? 1440 : unit!.startsWith("h") ? 60 : 1), 0);
}

/** Minutes as a person reads them: "1 h 30 min", "45 min", "2 d 3 h". */
export function formatDuration(minutes: number): string {
  const m = Math.round(minutes);
  const [d, h, min] = [Math.floor(m / 1440), Math.floor((m % 1440) / 60), m % 60];
  return [d && `${d} d`, h && `${h} h`, (min || m === 0) && `${min} min`].filter(Boolean).join(" ");
}
