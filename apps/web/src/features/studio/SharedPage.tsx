import { useQuery } from "@tanstack/react-query";
import { useParams } from "react-router";
import type { SharedApp } from "@vta/contracts";
import { api, path } from "../../api/client";
import { ErrorNote } from "../../components/ErrorNote";
import { ownData, snapshotSource } from "../runtime/source";
import { AppRuntime } from "../runtime/AppRuntime";

/** A shared app, read-only, for anyone with the link. */
export default function SharedPage() {
  const { token = "" } = useParams();
  const shared = useQuery({
    queryKey: ["shared", token],
    queryFn: async ({ signal }) => {
      const app = await api<SharedApp>(path`/shared/${token}`, { signal });
      const records = Object.fromEntries(Object.entries(app.records).map(([entity, list]) => [entity, ownData(list)]));
      return { ...app, records, source: snapshotSource(token, app.spec, records) };
    },
  });
  return (
    <div className="p-3 sm:p-6">
      <ErrorNote error={shared.error} />
      {shared.data && (
        <>
          <h1 className="mb-1 text-xl font-semibold">{shared.data.name}</h1>
          <p className="mb-4 text-xs text-slate-500">Read-only · version {shared.data.version}</p>
          <AppRuntime spec={shared.data.spec} source={shared.data.source} />
        </>
      )}
    </div>
  );
}
