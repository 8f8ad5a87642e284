import { useNavigate, useParams, useSearchParams } from "react-router";
import { ErrorNote } from "../../components/ErrorNote";
import { AppRuntime } from "../runtime/AppRuntime";
import { useApp, useBuildProgress, useBuilds, useDeleteApp, useShare, useStartBuild } from "./api";
import { BuildProgress } from "./BuildProgress";
import { Clarify } from "./Clarify";
import { DescribeBox } from "./DescribeBox";
import { GoalsList } from "./GoalsList";
import { Conversation, Versions } from "./History";

/** One app: refine it by describing changes, watch the build, check the goals, use the app. */
export default function StudioPage() {
  const { id = "" } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const app = useApp(id);
  const builds = useBuilds(id);
  const start = useStartBuild();
  const share = useShare(id);
  const remove = useDeleteApp();
  const running = builds.data?.items.find((b) => b.status === "queued" || b.status === "running");
  const activeBuild = params.get("build") ?? running?.id ?? null;
  const progress = useBuildProgress(id, activeBuild);
  // The last finished build's questions and unclear words come first: they say what the app does not reflect yet.
  const finished = [progress.build, ...[...(builds.data?.items ?? [])].reverse()].find((b) => b && (b.status === "succeeded" || b.status === "failed"));
  const refine = (text: string) => start.mutate({ appId: id, request: { text } }, { onSuccess: ({ buildId }) => setParams({ build: buildId }) });

  if (app.error) return <ErrorNote error={app.error} />;
  if (!app.data) return <p className="text-slate-500">Loading…</p>;
  const a = app.data;
  const shareUrl = a.shareToken ? `${window.location.origin}/s/${a.shareToken}` : null;
  return (
    <div className="grid gap-6 xl:grid-cols-[24rem_1fr]">
      <div className="space-y-5">
        <header>
          <h1 className="text-xl font-semibold">{a.name}</h1>
          <p className="text-xs text-slate-500">{a.version ? `Version ${a.version}` : "Building the first version…"}</p>
          {a.version > 0 && (
            <div className="mt-2 flex flex-wrap gap-2 text-sm">
              <a href={`/api/v1/apps/${a.id}/export`} download className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50">
                Export HTML
              </a>
              <button type="button" onClick={() => share.mutate(!a.shareToken)} className="rounded border border-slate-300 px-2 py-1 hover:bg-slate-50">
                {a.shareToken ? "Stop sharing" : "Share read-only link"}
              </button>
              <button
                type="button"
                onClick={() => {
                  if (window.confirm(`Delete ${a.name} and all its records?`)) remove.mutate(a.id, { onSuccess: () => void navigate("/studio") });
                }}
                className="rounded border border-red-200 px-2 py-1 text-red-700 hover:bg-red-50"
              >
                Delete
              </button>
            </div>
          )}
          {shareUrl && (
            <p className="mt-2 break-all text-xs">
              Anyone with this link can view the app: <a href={shareUrl} className="text-indigo-700 underline">{shareUrl}</a>
            </p>
          )}
          <ErrorNote error={share.error ?? remove.error} />
        </header>
        {activeBuild && (progress.build?.status !== "succeeded" || params.get("build")) && <BuildProgress build={progress.build} stages={progress.stages} />}
        <DescribeBox
          label="Refine the app"
          placeholder="Add a notes field to each task. Make the title required. Show tasks in a calendar by due date."
          submitLabel="Refine"
          pending={start.isPending || Boolean(running)}
          error={start.error}
          onSubmit={(request, done) =>
            start.mutate(
              { appId: id, request },
              {
                onSuccess: ({ buildId }) => {
                  done();
                  setParams({ build: buildId });
                },
              },
            )
          }
        />
        {finished && !running && <Clarify build={finished} pending={start.isPending} onRequest={refine} />}
        <GoalsList goals={a.goals} />
        {builds.data && <Conversation appId={id} builds={builds.data.items} />}
        {a.version > 0 && <Versions appId={id} current={a.version} />}
      </div>
      <div className="min-w-0">{a.spec ? <AppRuntime key={`${a.id}-${a.version}`} spec={a.spec} source={{ kind: "live", appId: a.id }} /> : <p className="text-slate-500">The app appears here when its first build finishes.</p>}</div>
    </div>
  );
}
