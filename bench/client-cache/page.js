// Runs in Chromium, on the server's origin (see bench/report/client-cache.ts): the seed's
// localStorage cache beside ours — TanStack Query's client cache with the options the web app
// uses for the agents list (apps/web/src/features/agents/api.ts, staleTime from main.tsx).
import { QueryClient } from "/__bench/query-core/index.js";
import { createSeedClientCache } from "/__bench/reference/local-storage-cache.js";

const PAGE_SIZE = 200;
let requests = 0;
async function fetchList(search, status) {
  const qs = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (search) qs.set("search", search);
  if (status) qs.set("status", status);
  requests++;
  const res = await fetch(`/api/v1/agents?${qs}`);
  if (!res.ok) throw new Error(`list → ${res.status}`);
  return res.json();
}

const seed = createSeedClientCache(async (search, status) => (await fetchList(search, status)).items);
const client = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false } } });
const ours = {
  // useAgentList's query: an infinite query keyed by search and status.
  fetchAgents: (search, status) =>
    client
      .fetchInfiniteQuery({
        queryKey: ["agents", "list", { search, status }],
        initialPageParam: null,
        queryFn: () => fetchList(search, status),
        getNextPageParam: (last) => last.nextCursor,
      })
      .then((d) => d.pages[0].items),
  // useUpdateAgent's onSettled.
  afterWrite: () => client.invalidateQueries({ queryKey: ["agents", "list"] }),
};

// Mean ms of n calls timed together (one cached read takes less than the browser's timer resolution).
async function timeMean(n, fn) {
  const t = performance.now();
  for (let i = 0; i < n; i++) await fn(i);
  return (performance.now() - t) / n;
}

async function patch(id, description) {
  const res = await fetch(`/api/v1/agents/${id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ description }),
  });
  if (!res.ok) throw new Error(`patch → ${res.status}`);
}

window.runClientCacheBench = async ({ reads, writes }) => {
  localStorage.clear();
  const out = {};
  // The first read of a list: a request, plus (seed) serializing the whole list into localStorage.
  out.firstSeed = await timeMean(1, () => seed.fetchAgents("", ""));
  out.firstOurs = await timeMean(1, () => ours.fetchAgents("", ""));
  // Reads while cached, e.g. every navigation back to the dashboard within the freshness window.
  requests = 0;
  out.hitSeed = await timeMean(reads, () => seed.fetchAgents("", ""));
  out.hitOurs = await timeMean(reads, () => ours.fetchAgents("", ""));
  out.hitRequests = requests;
  out.bytes = (localStorage.getItem("agents__") ?? "").length;
  // The person edits an agent, then looks at the list again: is the edit there?
  out.staleSeed = 0;
  out.staleOurs = 0;
  for (let i = 0; i < writes; i++) {
    const list = await ours.fetchAgents("", "");
    const target = list[i % list.length];
    const description = `edited ${Date.now()} #${i}`;
    await patch(target.id, description);
    await ours.afterWrite();
    const seen = (xs) => xs.find((a) => a.id === target.id)?.description === description;
    if (!seen(await seed.fetchAgents("", ""))) out.staleSeed++;
    if (!seen(await ours.fetchAgents("", ""))) out.staleOurs++;
  }
  // Distinct searches the seed can remember before localStorage's quota makes fetchAgents throw
  // (one-character searches: each matches about a full page).
  out.searchesUntilQuota = null;
  const terms = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (let i = 0; i < terms.length; i++) {
    try {
      await seed.fetchAgents(terms[i], "");
    } catch (err) {
      out.searchesUntilQuota = i + 1; // the first search counted as made: the first read above
      out.quotaError = String(err.name);
      break;
    }
  }
  return out;
};
window.benchReady = true;
