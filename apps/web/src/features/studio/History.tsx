import { useState } from "react";
import type { Build } from "@vta/contracts";
import { ErrorNote } from "../../components/ErrorNote";
import { useDiff, useRate, useRevert, useVersions } from "./api";

/** Each request and what the agents did with it, with a 1-5 rating per build. */
export function Conversation({ appId, builds }: { appId: string; builds: Build[] }) {
  const rate = useRate(appId);
  return (
    <section aria-label="Conversation">
      <h3 className="mb-1 text-sm font-semibold">Conversation</h3>
      <ErrorNote error={rate.error} />
      <ol className="space-y-3 text-sm">
        {builds.map((b) => (
          <li key={b.id} className="rounded border border-slate-200 bg-white p-2">
            <p className="font-medium">“{b.text}”</p>
            <ul className="mt-1 text-xs text-slate-600">
              {b.stages.map((s) => (
                <li key={`${s.name}${s.startedAt}`}>
                  {s.name}: {s.summary || s.status}
                </li>
              ))}
            </ul>
            <div className="mt-1 flex items-center gap-2 text-xs">
              <span className={b.status === "failed" ? "text-red-700" : "text-slate-500"}>
                {b.status}
                {b.version ? ` → v${b.version}` : ""}
                {b.error ? `: ${b.error}` : ""}
              </span>
              {b.status === "succeeded" && (
                <span className="ml-auto" role="group" aria-label="Rate this build">
                  {[1, 2, 3, 4, 5].map((n) => (
                    <button
                      key={n}
                      type="button"
                      aria-label={`${n} star${n > 1 ? "s" : ""}`}
                      aria-pressed={b.rating === n}
                      onClick={() => rate.mutate({ buildId: b.id, rating: n })}
                      className={(b.rating ?? 0) >= n ? "text-amber-500" : "text-slate-300"}
                    >
                      ★
                    </button>
                  ))}
                </span>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Versions, what changed in each, and going back to one. */
export function Versions({ appId, current, onReverted }: { appId: string; current: number; onReverted: () => void }) {
  const versions = useVersions(appId);
  const revert = useRevert(appId);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <section aria-label="Versions">
      <h3 className="mb-1 text-sm font-semibold">Versions</h3>
      <ErrorNote error={versions.error ?? revert.error} />
      <ul className="space-y-1 text-sm">
        {versions.data?.items.map((v) => (
          <li key={v.version}>
            <div className="flex items-center gap-2">
              <span className="font-medium">v{v.version}</span>
              {v.version === current && <span className="rounded bg-green-100 px-1 text-xs text-green-800">current</span>}
              {v.version > 1 && (
                <button
                  type="button"
                  onClick={() => setOpen(open === v.version ? null : v.version)}
                  className="text-xs text-indigo-700 hover:underline"
                >
                  {open === v.version ? "Hide changes" : "Changes"}
                </button>
              )}
              {v.version !== current && (
                <button
                  type="button"
                  disabled={revert.isPending}
                  onClick={() => revert.mutate(v.version, { onSuccess: onReverted })}
                  className="text-xs text-indigo-700 hover:underline"
                >
                  Revert to v{v.version}
                </button>
              )}
            </div>
            <p className="text-xs text-slate-500">{v.summary}</p>
            {open === v.version && <Diff appId={appId} from={v.version - 1} to={v.version} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Diff({ appId, from, to }: { appId: string; from: number; to: number }) {
  const diff = useDiff(appId, from, to, true);
  if (diff.error) return <ErrorNote error={diff.error} />;
  return (
    <ul aria-label={`Changes from v${from} to v${to}`} className="ml-4 list-disc text-xs">
      {diff.data?.changes.map((c) => (
        <li key={c.path + c.op} className={c.op === "removed" ? "text-red-700" : c.op === "added" ? "text-green-700" : ""}>
          {c.description}
        </li>
      ))}
      {diff.data?.changes.length === 0 && <li>No changes</li>}
    </ul>
  );
}
