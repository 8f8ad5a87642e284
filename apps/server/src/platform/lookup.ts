/**
 * A fixed word → value table that only knows its own words: without a prototype, a person's
 * "constructor" or "valueOf" finds nothing instead of one of Object's methods.
 */
export function lookup<T>(entries: Record<string, T>): Readonly<Record<string, T>> {
  return Object.freeze(Object.assign(Object.create(null) as Record<string, T>, entries));
}
