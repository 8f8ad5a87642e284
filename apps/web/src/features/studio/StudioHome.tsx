import { Link, useNavigate } from "react-router";
import { ErrorNote } from "../../components/ErrorNote";
import { useAppFromCsv, useApps, useStartBuild, type Spoken } from "./api";
import { Templates } from "./Templates";
import { DescribeBox } from "./DescribeBox";
import { buttonClass } from "../../components/Button";

/** Describe a new app, or open one you built. */
export default function StudioHome() {
  const apps = useApps();
  const start = useStartBuild();
  const fromCsv = useAppFromCsv();
  const navigate = useNavigate();
  const build = (request: Spoken) =>
    start.mutate({ request }, { onSuccess: ({ appId, buildId }) => void navigate(`/studio/${appId}?build=${buildId}`) });
  const firstVisit = apps.data?.items.length === 0;
  return (
    <div className="mx-auto grid max-w-5xl gap-6 md:grid-cols-[1fr_20rem]">
      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h1 className="mb-1 text-xl font-semibold">{firstVisit ? "Welcome! Describe your first app" : "Describe an app"}</h1>
        <p className="mb-4 text-sm text-slate-600">
          Say (with the microphone) or type what you want to keep track of, what each thing has, and how you want to see it
          {firstVisit ? ", or start from an example below" : ""}.
        </p>
        <DescribeBox
          label="Your description"
          placeholder="An app to track my tasks with a title, a due date and a priority of low, medium or high. Show them on a board by priority."
          submitLabel="Build the app"
          pending={start.isPending}
          error={start.error}
          onSubmit={build}
        />
        <Templates pending={start.isPending} onPick={(text) => build({ text })} />
        <div className="mt-6 border-t border-slate-200 pt-4">
          <h2 className="font-semibold">Or start from a spreadsheet</h2>
          <p className="mb-2 text-sm text-slate-600">
            A CSV file whose first row names the columns: each column becomes a field, typed by what it holds, and every row a record.
          </p>
          <label
            className={buttonClass({
              className: "cursor-pointer focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-indigo-600",
            })}
          >
            {fromCsv.isPending ? "Making the app…" : "Choose a CSV file"}
            <input
              type="file"
              accept=".csv,text/csv"
              className="sr-only"
              disabled={fromCsv.isPending}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) fromCsv.mutate(file, { onSuccess: ({ app }) => void navigate(`/studio/${app.id}`) });
              }}
            />
          </label>
          <ErrorNote error={fromCsv.error} />
        </div>
      </section>
      <section className="rounded-lg bg-white p-6 shadow-sm">
        <h2 className="mb-3 font-semibold">Your apps</h2>
        <ErrorNote error={apps.error} />
        {firstVisit && <p className="text-sm text-slate-600">None yet: the app you describe or pick appears here.</p>}
        <ul className="space-y-2">
          {apps.data?.items.map((a) => (
            <li key={a.id}>
              <Link to={`/studio/${a.id}`} className="font-medium text-indigo-700 hover:underline">
                {a.name}
              </Link>
              <div className="text-xs text-slate-500">
                v{a.version} · {a.goals.met} goals met{a.goals.unmet ? ` · ${a.goals.unmet} unmet` : ""}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
