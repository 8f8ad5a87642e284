import { badRequest } from "./errors.js";

/** Keyset position: the sort timestamp exactly as PostgreSQL printed it (microseconds kept) and the id. */
export interface KeysetCursor {
  ts: string;
  id: string;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PG_TIMESTAMP = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(\.\d{1,6})?([+-]\d\d(:?\d\d)?|Z)?$/;

/** A timestamp PostgreSQL will accept: the form it prints, and a day that exists (no 31 February, no year 0). */
export function isRealTimestamp(value: string): boolean {
  const m = PG_TIMESTAMP.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60;
}

export function encodeCursor(c: KeysetCursor): string {
  return Buffer.from(JSON.stringify([c.ts, c.id])).toString("base64url");
}

/** A cursor a client edited or made up answers 400, never a 500 from a bad SQL cast. */
export function decodeCursor(raw: string | undefined): KeysetCursor | null {
  if (raw === undefined || raw === "") return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw badRequest("cursor is not valid; use the nextCursor of the previous page");
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 2 ||
    typeof parsed[0] !== "string" ||
    typeof parsed[1] !== "string" ||
    !isRealTimestamp(parsed[0]) ||
    !UUID.test(parsed[1])
  ) {
    throw badRequest("cursor is not valid; use the nextCursor of the previous page");
  }
  return { ts: parsed[0], id: parsed[1] };
}

/** Escapes LIKE wildcards so a search for "50%_off" means exactly that text. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A page out of `limit + 1` rows sorted by (created_at, id) desc: the extra row only says "more". */
export function keysetPage<R extends { created_at: string; id: string }, T>(rows: R[], limit: number, serialize: (row: R) => T) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(serialize),
    nextCursor: rows.length > limit && last ? encodeCursor({ ts: last.created_at, id: last.id }) : null,
  };
}
