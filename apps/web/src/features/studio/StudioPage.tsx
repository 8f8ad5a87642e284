import { useMemo, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { ErrorNote } from "../../components/ErrorNote";
import { AppRuntime } from "../runtime/AppRuntime";
import { liveSource } from "../runtime/source";
import { useApp, useBuildProgress, useBuilds, useDeleteApp, useShare, useStartBuild, useViewChanges } from "./api";
import { BuildProgress } from "./BuildProgress";
import { Clarify } from "./Clarify";
import { DescribeBox } from "./DescribeBox";
import { GoalsList } from "./GoalsList";
import { Conversation, Versions } from "./History";
import { Button, buttonClass } from "../../components/Button";
import { Skeleton } from "../../components/Skeleton";
import { notify } from "../../components/toast";
import { CopyButton } from "../../components/CopyButton";

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
  const source = useMemo(() => liveSource(id), [id]);
  const viewChanges = useViewChanges(id);
  const viewActions = {
    save: viewChanges.save.mutateAsync,
    remove: viewChanges.remove.mutateAsync,
    pending: viewChanges.save.isPending || viewChanges.remove.isPending,
    error: viewChanges.save.error ?? viewChanges.remove.error,
  };
  // The studio's column folds away so the running app has the width (folded from the start on narrow screens).
  const [studioShown, setStudioShown] = useState(() => window.matchMedia("(min-width: 1280px)").matches);
  const running = builds.data?.items.find((b) => b.status === "queued" || b.status === "running");
  const activeBuild = params.get("build") ?? running?.id ?? null;
  const progress = useBuildProgress(id, activeBuild);
  // The last finished build's questions and unclear words come first: they say what the app does not reflect yet.
  const finished = [progress.build, ...[...(builds.data?.items ?? [])].reverse()].find(
    (b) => b && (b.status === "succeeded" || b.status === "failed"),
  );
  const refine = (text: string) =>
    start.mutate({ appId: id, request: { text } }, { onSuccess: ({ buildId }) => setParams({ build: buildId }) });

  if (app.error) return <ErrorNote error={app.error} />;
  if (!app.data) return <Skeleton label="Loading the app" count={5} />;
  const a = app.data;
  const shareUrl = a.shareToken ? `${window.location.origin}/s/${a.shareToken}` : null;
  const fold = (
    <Button size="sm" aria-expanded={studioShown} aria-controls="studio-panel" onClick={() => setStudioShown((s) => !s)}>
      {studioShown ? "Hide studio" : "Refine, goals and history"}
    </Button>
  );
  const runtime = (
    <div className="min-w-0">
      {a.spec ? (
        <AppRuntime key={`${a.id}-${a.version}`} spec={a.spec} source={source} viewActions={viewActions} />
      ) : (
        <p className="text-slate-600">The app appears here when its first build finishes.</p>
      )}
    </div>
  );
  if (!studioShown) {
    return (
      <div className="space-y-4">
        <header className="flex flex-wrap items-center gap-3">
          <h1 className="text-xl font-semibold">{a.name}</h1>
          <span className="text-xs text-slate-600">{a.version ? `Version ${a.version}` : "Building the first version…"}</span>
          {fold}
        </header>
        {activeBuild && progress.build?.status !== "succeeded" && <BuildProgress build={progress.build} stages={progress.stages} />}
        {runtime}
      </div>
    );
  }
  return (
    <div className="grid gap-6 xl:grid-cols-[24rem_minmax(0,1fr)]">
      <div id="studio-panel" className="space-y-5">
        <header>
          <div className="flex items-start justify-between gap-2">
            <h1 className="text-xl font-semibold">{a.name}</h1>
            {fold}
          </div>
          <p className="text-xs text-slate-600">{a.version ? `Version ${a.version}` : "Building the first version…"}</p>
          {a.version > 0 && (
            <div className="mt-2 flex flex-wrap gap-2 text-sm">
              <a href={`/api/v1/apps/${a.id}/export`} download className={buttonClass({ size: "sm" })}>
                Export HTML
              </a>
              <Button
                size="sm"
                disabled={share.isPending}
                onClick={() =>
                  share.mutate(!a.shareToken, {
                    onSuccess: (r) =>
                      notify.done(
                        r.shareToken
                          ? "Read-only link made: anyone with it can view the app"
                          : "Sharing stopped: the old link no longer opens the app",
                      ),
                    onError: (err) => notify.error(err, a.shareToken ? "Could not stop sharing" : "Could not make a share link"),
                  })
                }
              >
                {a.shareToken ? "Stop sharing" : "Share read-only link"}
              </Button>
              <Button
                variant="dangerQuiet"
                size="sm"
                className="border border-red-200"
                onClick={() => {
                  if (window.confirm(`Delete ${a.name} and all its records?`))
                    remove.mutate(a.id, {
                      onSuccess: () => {
                        notify.done(`Deleted ${a.name}`);
                        void navigate("/studio");
                      },
                      onError: (err) => notify.error(err, `Could not delete ${a.name}`),
                    });
                }}
              >
                Delete
              </Button>
            </div>
          )}
          {shareUrl && (
            <div className="mt-2 text-xs">
              <p>Anyone with this link can view the app (read-only):</p>
              <div className="mt-1 flex items-center gap-2">
                <input
                  aria-label="Share link"
                  readOnly
                  value={shareUrl}
                  onFocus={(e) => e.currentTarget.select()}
                  className="min-w-0 flex-1 rounded border border-slate-300 bg-slate-50 px-2 py-1 font-mono"
                />
                <CopyButton text={shareUrl} what="share link" />
                <a href={shareUrl} target="_blank" rel="noreferrer" className="text-indigo-700 underline">
                  Open
                </a>
              </div>
            </div>
          )}
        </header>
        {activeBuild && (progress.build?.status !== "succeeded" || params.get("build")) && (
          <BuildProgress build={progress.build} stages={progress.stages} />
        )}
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
        {finished && !running && (finished.version === null || finished.version === a.version) && (
          <Clarify build={finished} pending={start.isPending} onRequest={refine} />
        )}
        <GoalsList goals={a.goals} />
        {builds.data && <Conversation appId={id} builds={builds.data.items} />}
        {/* A revert makes a new version: the last build's panel and questions are about one no longer shown. */}
        {a.version > 0 && <Versions appId={id} current={a.version} onReverted={() => setParams({})} />}
      </div>
      {runtime}
    </div>
  );
}
