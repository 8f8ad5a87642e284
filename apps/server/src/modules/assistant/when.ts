/**
 * Dates, times and periods in a command, read where the person is: "tomorrow at 3", "next Friday",
 * "the 20th", "yesterday" (moments, by chrono-node); "this week", "in February", "last month",
 * "overdue" (periods, for filters and questions). A bare hour from 1 to 7 is the afternoon, as
 * people book.
 */
import * as chrono from "chrono-node";
import type { DatePeriod, RecordFilter } from "@vta/contracts";

/** A date (and a time, when one was said) in the words, where it was said. */
export interface Moment {
  index: number;
  text: string;
  date: string;
  /** Whether a day was said (not only a time, whose day is today). */
  dateSaid: boolean;
  /** Only a month was said ("back in February"): no day of it. */
  vague: boolean;
  time: string | null;
}

const pad = (n: number) => String(n).padStart(2, "0");
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};

/** The wall clock in `tz` at `now`, as a UTC date (so chrono reads it as local time). */
export function wallClock(now: Date, tz: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return new Date(Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!));
}

/** A wall-clock date and time in `tz` → the moment, as ISO text in UTC. */
export function momentIso(date: string, time: string, tz: string): string {
  const guess = new Date(`${date}T${time}:00Z`);
  const offset = wallClock(guess, tz).getTime() - guess.getTime();
  const at = new Date(guess.getTime() - offset);
  return at.toISOString().replace(/\.000Z$/, "Z");
}

/** Words that tell of something already done. */
const PAST = /\b(?:had|was|were|did|born|spent|bought|came|went|took|fed|lent|sold|ate|watered|ago|yesterday|happened)\b/i;

/** Every date or time said in `text`, in order. */
export function momentsIn(said: string, now: Date, tz: string): Moment[] {
  let text = said;
  const local = wallClock(now, tz);
  const today = iso(local);
  const found: Moment[] = [];
  // "the 20th at 2": the day of this month, said so chrono reads it with its time (same length: indices hold).
  const month = local.toLocaleString("en-US", { month: "short", timeZone: "UTC" }).toLowerCase();
  // Money is no time ("$8.50, today" is not ten to nine): hidden from chrono, same length.
  text = text.replace(/\$\s?\d[\d,]*(?:\.\d+)?/g, (m) => " ".repeat(m.length));
  text = text.replace(/\b(?:the )(\d{1,2})(?:st|nd|rd|th)\b(?! of)/gi, (m, d: string) => `${month} ${d}`.padEnd(m.length, " "));
  for (const r of chrono.parse(text, { instant: local, timezone: 0 }, { forwardDate: false })) {
    // A lone number is not a date ("2 lattes"), nor is a price ("at 4.50").
    // A bare "now" is no date ("weighs 101 now"); "just now" is today.
    if (/^\d+(?:\.\d+)?$/.test(r.text.trim()) || (/^(?:right )?now$/i.test(r.text.trim()) && !/\bjust\s+$/i.test(text.slice(0, r.index))))
      continue;
    const s = r.start;
    let date = `${s.get("year")}-${pad(s.get("month")!)}-${pad(s.get("day")!)}`;
    // "next Friday" said on a Wednesday is the Friday after this one; chrono agrees. "Friday" alone is the one ahead,
    // unless the words tell of something past ("we had pizza on Sunday", "born Monday").
    const past = PAST.test(said);
    if (!s.isCertain("day") && !s.isCertain("month") && s.isCertain("weekday") && date < today && !/\blast\b/i.test(r.text) && !past)
      date = addDays(date, 7);
    if (!s.isCertain("day") && !s.isCertain("month") && s.isCertain("weekday") && date > today && past && !/\bnext\b/i.test(r.text))
      date = addDays(date, -7);
    // "a week from Monday", "two weeks from Friday": that day, then the weeks on.
    const weeks = /\b(a|one|two|2|three|3) weeks? from\s*$/i.exec(text.slice(0, r.index));
    if (weeks) date = addDays(date, 7 * ({ a: 1, one: 1, two: 2, "2": 2, three: 3, "3": 3 }[weeks[1]!.toLowerCase()] ?? 1));
    let time: string | null = null;
    if (s.isCertain("hour")) {
      let hour = s.get("hour")!;
      if (!s.isCertain("meridiem") && hour >= 1 && hour <= 7) hour += 12;
      time = `${pad(hour)}:${pad(s.get("minute") ?? 0)}`;
    }
    const dateSaid = s.isCertain("day") || s.isCertain("weekday") || !s.isCertain("hour");
    const vague = s.isCertain("month") && !s.isCertain("day") && !s.isCertain("weekday");
    found.push({ index: r.index, text: r.text, date, dateSaid, vague, time });
  }
  return found.sort((a, b) => a.index - b.index);
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

/** A period of dates said in the words, as a filter's condition on a date field, and the words that said it. */
export interface Period {
  words: string;
  op: "within" | "between";
  value: DatePeriod | [string | null, string | null];
}

const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/** The period a question or a list is about ("this week", "in February", "last month", "overdue", "tomorrow"). */
export function periodIn(text: string, now: Date, tz: string): Period | null {
  const t = text.toLowerCase();
  const today = iso(wallClock(now, tz));
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  const monday = addDays(today, -weekday);
  const [year, month] = [Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1];
  const within: [RegExp, DatePeriod][] = [
    [/\b(?:overdue|past due|late)\b/, "overdue"],
    [/\btoday\b/, "today"],
    [/\bthis week\b/, "thisWeek"],
    [/\bthis month\b/, "thisMonth"],
    [/\b(?:(?:in )?the )?(?:next|coming) (?:7|seven) days\b|\b(?:in )?the (?:next|coming) week\b|\bcoming up\b|\bupcoming\b/, "next7Days"],
    [/\b(?:in )?the (?:last|past) (?:30|thirty) days\b/, "last30Days"],
  ];
  for (const [re, period] of within) {
    const m = re.exec(t);
    if (m) return { words: m[0], op: "within", value: period };
  }
  const between: [RegExp, () => [string | null, string | null]][] = [
    [/\btomorrow\b/, () => [addDays(today, 1), addDays(today, 1)]],
    [/\byesterday\b/, () => [addDays(today, -1), addDays(today, -1)]],
    [/\bnext week\b/, () => [addDays(monday, 7), addDays(monday, 13)]],
    [/\blast week\b/, () => [addDays(monday, -7), addDays(monday, -1)]],
    [/\b(?:(?:in )?the )?(?:last|past) (?:7|seven) days\b/, () => [addDays(today, -6), today]],
    [
      /\bsince (?:the )?new year\b|\bso far this year\b|\bsince the (?:start|beginning) of (?:the|this) year\b|\bsince january\b/,
      () => [`${year}-01-01`, null],
    ],
    [/\bthis year\b/, () => [`${year}-01-01`, `${year}-12-31`]],
    [/\blast year\b/, () => [`${year - 1}-01-01`, `${year - 1}-12-31`]],
    [
      /\bnext month\b/,
      () => {
        const [y, m] = month === 11 ? [year + 1, 0] : [year, month + 1];
        return [`${y}-${pad(m + 1)}-01`, `${y}-${pad(m + 1)}-${lastDay(y, m)}`];
      },
    ],
    [
      /\blast month\b/,
      () => {
        const [y, m] = month === 0 ? [year - 1, 11] : [year, month - 1];
        return [`${y}-${pad(m + 1)}-01`, `${y}-${pad(m + 1)}-${lastDay(y, m)}`];
      },
    ],
  ];
  for (const [re, range] of between) {
    const m = re.exec(t);
    if (m) return { words: m[0], op: "between", value: range() };
  }
  if (/\btonight\b/.test(t)) return { words: "tonight", op: "within", value: "today" };
  // "before April", "after the 20th" are open ranges.
  const edge = new RegExp(String.raw`\b(before|after|by|until|since) (${MONTHS.join("|")})\b`).exec(t);
  if (edge) {
    const m = MONTHS.indexOf(edge[2]!);
    const y = m < month && /before|by|until/.test(edge[1]!) ? year + 1 : m > month && /after|since/.test(edge[1]!) ? year - 1 : year;
    const first = `${y}-${pad(m + 1)}-01`;
    return edge[1] === "before"
      ? { words: edge[0], op: "between", value: [null, addDays(first, -1)] }
      : edge[1] === "after"
        ? { words: edge[0], op: "between", value: [addDays(`${y}-${pad(m + 1)}-${lastDay(y, m)}`, 1), null] }
        : edge[1] === "since"
          ? { words: edge[0], op: "between", value: [first, null] }
          : { words: edge[0], op: "between", value: [null, `${y}-${pad(m + 1)}-${lastDay(y, m)}`] };
  }
  // "in February", "for November", "during March": the latest such month that has begun. "February or earlier",
  // "since the start of March", "from April on" are open at one end.
  const named = new RegExp(
    String.raw`\b(?:(?:in|for|during|of|from|since)(?: the (?:start|beginning) of)? )?(${MONTHS.join("|")})\b(?: or (earlier|before|later|after)| on(?:wards?)?\b)?`,
  ).exec(t);
  if (named) {
    const m = MONTHS.indexOf(named[1]!);
    const y = m > month ? year - 1 : year;
    if (/^(?:earlier|before)$/.test(named[2] ?? ""))
      return { words: named[0], op: "between", value: [null, `${y}-${pad(m + 1)}-${lastDay(y, m)}`] };
    if (/^since|^from|later|after|\bon(?:wards?)?$/.test(named[0]) && !/^from \w+$/.test(named[0]))
      return { words: named[0], op: "between", value: [`${y}-${pad(m + 1)}-01`, null] };
    return { words: named[0], op: "between", value: [`${y}-${pad(m + 1)}-01`, `${y}-${pad(m + 1)}-${lastDay(y, m)}`] };
  }
  return null;
}

/** The period as a filter on `field`. */
export const periodFilter = (field: string, p: Period): RecordFilter => ({ field, op: p.op, value: p.value });
