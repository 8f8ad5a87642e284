/**
 * A grey placeholder in the shape of what is loading (lines of text, a grid of cards, a chart),
 * announced once to screen readers by its label.
 */
export function Skeleton({
  label = "Loading…",
  shape = "lines",
  count = 3,
}: {
  label?: string;
  shape?: "lines" | "cards" | "chart";
  count?: number;
}) {
  const bar = "animate-pulse rounded bg-slate-200";
  return (
    <div role="status" aria-label={label} data-skeleton={shape}>
      <span className="sr-only">{label}</span>
      {shape === "lines" && (
        <div className="space-y-2" aria-hidden>
          {Array.from({ length: count }, (_, i) => (
            <div key={i} className={`${bar} h-4`} style={{ width: `${90 - ((i * 17) % 40)}%` }} />
          ))}
        </div>
      )}
      {shape === "cards" && (
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-hidden>
          {Array.from({ length: count }, (_, i) => (
            <div key={i} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
              <div className={`${bar} h-4 w-2/3`} />
              <div className={`${bar} h-3 w-full`} />
              <div className={`${bar} h-8 w-full`} />
            </div>
          ))}
        </div>
      )}
      {shape === "chart" && (
        <div className="grid gap-4 md:grid-cols-2" aria-hidden>
          {Array.from({ length: count }, (_, i) => (
            <div key={i} className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
              <div className={`${bar} h-3 w-1/3`} />
              <div className={`${bar} h-40 w-full`} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
