import type { Goal } from "@vta/contracts";

/** Every goal the person stated and whether this version keeps it. */
export function GoalsList({ goals }: { goals: Goal[] }) {
  const order = { unmet: 0, met: 1, retired: 2 } as const;
  const sorted = [...goals].sort((a, b) => order[a.status] - order[b.status]);
  const met = goals.filter((g) => g.status === "met").length;
  const live = goals.filter((g) => g.status !== "retired").length;
  return (
    <section aria-label="Goals">
      <h3 className="mb-1 text-sm font-semibold">
        Goals{" "}
        <span className="font-normal text-slate-500">
          {met} of {live} met
        </span>
      </h3>
      <ul className="space-y-0.5 text-sm">
        {sorted.map((g) => (
          <li
            key={g.id}
            data-status={g.status}
            className={g.status === "retired" ? "text-slate-400 line-through" : g.status === "unmet" ? "text-red-700" : ""}
          >
            {g.status === "met" ? "✓" : g.status === "unmet" ? "✗" : "–"} {g.text}
            {g.words && g.status !== "retired" && <span className="text-xs text-slate-500"> — “{g.words}”</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}
