/**
 * A cost as a person reads it: cents from a dollar up, up to four decimals under a dollar, and for
 * a fraction of a cent the four digits that matter ($0.00001845, not $0.0000). Costs are kept to
 * 12 decimal places.
 */
export function money(n: number): string {
  if (n === 0) return "$0.00";
  if (Math.abs(n) >= 0.01)
    return `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: Math.abs(n) >= 1 ? 2 : 4 })}`;
  return `$${n.toLocaleString("en-US", { maximumSignificantDigits: 4 })}`;
}
