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
