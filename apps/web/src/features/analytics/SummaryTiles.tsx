import { useWorkspaceSummary } from "./api";
import { money } from "../../components/money";

/** The workspace's last 30 days at a glance, from the rollups. */
export function SummaryTiles() {
  const { data } = useWorkspaceSummary();
  const tiles = [
    ["Interactions (30 d)", data ? data.totalInteractions.toLocaleString() : "…"],
    ["Avg response time", data ? `${data.avgResponseTime.toFixed(0)} ms` : "…"],
    ["Total cost", data ? money(data.totalCost) : "…"],
    ["Avg satisfaction", data ? (data.avgSatisfaction === null ? "–" : `${data.avgSatisfaction.toFixed(2)} / 5`) : "…"],
  ] as const;
  return (
    <dl data-testid="workspace-summary" className="mb-6 grid grid-cols-2 gap-3 md:grid-cols-4">
      {tiles.map(([label, value]) => (
        <div key={label} className="rounded-lg border border-slate-200 bg-white p-3">
          <dt className="text-xs text-slate-500">{label}</dt>
          <dd className="text-xl font-semibold">
            {data ? (
              value
            ) : (
              <>
                <span className="sr-only">Loading</span>
                <span aria-hidden className="mt-1 block h-6 w-20 animate-pulse rounded bg-slate-200" />
              </>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
