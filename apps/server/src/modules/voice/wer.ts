/** Word error rate, and requests the language model never saw (the speech test and benchmark share them). */
export const UNSEEN_SENTENCES = [
  "each patient has a name a birthday and a phone number",
  "add a due date to each assignment",
  "remove the photo from the products",
  "show the tickets on a board by priority",
  "make the assignee optional",
  "rename notes to comments",
  "an app to track my workouts with a date a duration and calories",
  "add a chart of orders by status",
  "every employee has a department and a salary",
  "show the bookings in a calendar",
];

/** Word-level edit distance (substitutions, insertions, deletions) of `hyp` against `ref`. */
export function wordErrors(ref: string[], hyp: string[]): number {
  const d = Array.from({ length: ref.length + 1 }, (_, i) => [i, ...Array<number>(hyp.length).fill(0)]);
  for (let j = 1; j <= hyp.length; j++) d[0]![j] = j;
  for (let i = 1; i <= ref.length; i++) {
    for (let j = 1; j <= hyp.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1));
  }
  return d[ref.length]![hyp.length]!;
}
