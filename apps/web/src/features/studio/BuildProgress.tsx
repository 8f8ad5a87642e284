import type { Build, BuildStage } from "@vta/contracts";

const STAGE_LABEL: Record<BuildStage["name"], string> = {
  requirements: "Requirements",
  architecture: "Architecture",
  verification: "Goal verification",
  repair: "Repair",
};
const ICON = { running: "…", succeeded: "✓", failed: "✗" } as const;

/** The stages of a build as they happen. */
export function BuildProgress({ build, stages }: { build: Build | null; stages: BuildStage[] }) {
  const status = build?.status ?? "queued";
  return (
    <section aria-label="Build progress" className="rounded border border-indigo-200 bg-indigo-50 p-3 text-sm">
      <h3 className="mb-2 font-semibold">Build {status === "queued" ? "queued" : status === "running" ? "running" : status}</h3>
      <ol className="space-y-1">
        {stages.map((s) => (
          <li key={`${s.name}${s.startedAt}`} data-stage={s.name} data-status={s.status}>
            <span className={s.status === "failed" ? "text-red-700" : s.status === "succeeded" ? "text-green-700" : "text-slate-500"}>
              {ICON[s.status]}
            </span>{" "}
            <b>{STAGE_LABEL[s.name]}</b>
            {s.summary && <span className="text-slate-600"> — {s.summary}</span>}
          </li>
        ))}
      </ol>
      {build?.error && (
        <p role="alert" className="mt-2 text-red-800">
          {build.error}
        </p>
      )}
    </section>
  );
}
