/**
 * Demo data: `npm run seed -- --agents 1000 --tasks 20 --interactions 0`.
 * Fills a demo workspace in set-based SQL (thousands of rows per statement) and prints a login.
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { parseEnv } from "../env.js";
import { Cache } from "../platform/cache/cache.js";
import { openDatabase, type Database } from "../platform/db/client.js";
import { migrate } from "../platform/db/migrate.js";
import { createAccountsService } from "../modules/accounts/index.js";
import { createInteractionsService } from "../modules/interactions/index.js";
import { uuidv7 } from "../platform/ids.js";
import { createMailer } from "../platform/mail/mailer.js";
import { analyze, countLiveAgents, insertDemoAgents, newestAgentIds, type DemoWords } from "./seed.repository.js";

export interface SeedOptions {
  agents: number;
  tasks: number;
  interactions?: number;
  /** Days back from today the interactions spread over. */
  days?: number;
  email: string;
  password: string;
}

const DEMO_WORDS: DemoWords = {
  names: ["Support", "Invoice", "Sales", "Research", "Triage", "Onboarding", "Billing", "Scheduler", "Translator", "Reviewer"],
  roles: ["general", "requirements", "architect", "verifier", "transcriber", "assistant"],
  kinds: ["answer", "summarize", "classify", "extract", "draft"],
};
/** What people ask the demo agents, with the gist of each answer: the log reads like a real one. */
const EXCHANGES: [string, string][] = [
  ["How do I reset my password?", "Open Log in, choose 'Forgot your password?' and follow the link mailed to you."],
  ["Can I get a refund for last month's invoice?", "Yes: refunds within 30 days go back to the card used. I have opened a request."],
  [
    "Summarize this support ticket: the export button times out on large projects.",
    "Exports of large projects time out; the customer needs the CSV by Friday.",
  ],
  ["Classify this email: 'Your order #4411 has not arrived yet.'", "Category: shipping delay. Priority: normal."],
  ["Extract the dates from: 'Kick-off on 3 March, review on the 17th, launch 1 April.'", "2025-03-03, 2025-03-17, 2025-04-01"],
  [
    "Draft a friendly reply to a customer asking about weekend opening hours.",
    "Hi! We are open Saturdays 9-17 and closed on Sundays. See you soon.",
  ],
  ["Translate 'Where is the nearest train station?' into French.", "Où est la gare la plus proche ?"],
  ["Which plan includes single sign-on?", "Single sign-on comes with the Business plan and above."],
  [
    "Schedule a call with the onboarding team next Tuesday afternoon.",
    "Booked Tuesday 14:00-14:30 with the onboarding team; an invitation is on its way.",
  ],
  ["Why was my card declined?", "The bank declined the charge (insufficient funds). Try another card or contact your bank."],
  [
    "Review this paragraph for tone: 'We regret to inform you that your request is denied.'",
    "Clear but cold. Suggest: 'We're sorry we can't approve this request, and here is why…'",
  ],
  ["What's the status of research request R-208?", "R-208 is in review; the summary is expected on Thursday."],
];

/** Creates (or reuses) the demo account and adds agents with tasks to its workspace. */
export async function seedDemo(database: Database, opts: SeedOptions, log: (line: string) => void = () => undefined) {
  const { db } = database;
  const mailer = createMailer({ url: "memory", from: "seed", log: () => undefined });
  const accounts = createAccountsService({
    db,
    cache: new Cache({ l1MaxBytes: 1_048_576, nodeId: "seed" }),
    adminEmails: [],
    sessionTtlHours: 1,
    mailer,
    publicUrl: "http://localhost",
  });
  let workspaceId: string;
  try {
    workspaceId = (await accounts.signup(db, { email: opts.email, password: opts.password, name: "Demo" })).workspace.id;
  } catch {
    const login = await accounts.login(db, { email: opts.email, password: opts.password });
    if (!("workspace" in login)) throw new Error(`${opts.email} has two-factor sign-in; seed another account`);
    workspaceId = login.workspace.id;
  }
  const batch = 5000;
  for (let done = 0; done < opts.agents; done += batch) {
    const n = Math.min(batch, opts.agents - done);
    await insertDemoAgents(db, workspaceId, DEMO_WORDS, { done, n, total: opts.agents, tasks: opts.tasks });
    log(`  agents ${Math.min(done + n, opts.agents)}/${opts.agents}`);
  }
  if (opts.interactions) await seedInteractions(database, workspaceId, opts.interactions, opts.days ?? 90, log);
  await analyze(db, ["agents", "agent_tasks"]);
  return { workspaceId, agents: await countLiveAgents(db, workspaceId) };
}

/** xorshift32: fast, seedable, good enough for demo data. */
function prng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

/** Zipf(s=1) sampler over n items by inverse CDF on a precomputed table. */
function zipf(n: number, rand: () => number) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  return () => {
    const u = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/**
 * Realistic interactions through the real ingestion path (group commit, rollups): agents, users and
 * sessions drawn Zipf-like, spread over `days`, ratings on about a third.
 */
async function seedInteractions(database: Database, workspaceId: string, total: number, days: number, log: (l: string) => void) {
  const agents = await newestAgentIds(database.db, workspaceId, 200);
  if (agents.length === 0) throw new Error("--interactions needs agents: pass --agents N as well");
  const service = createInteractionsService(database, { maxBatchRows: 5000, maxDelayMs: 2, maxQueuedRows: 200_000 });
  const rand = prng(42);
  const pickAgent = zipf(agents.length, rand);
  const pickUser = zipf(20_000, rand);
  const now = Date.now();
  const span = days * 86_400_000;
  const batch = 1000;
  const started = performance.now();
  let done = 0;
  let lastLog = 0;
  const next = (): Promise<void> | null => {
    if (done >= total) return null;
    const n = Math.min(batch, total - done);
    done += n;
    const rows = Array.from({ length: n }, () => {
      const user = pickUser();
      const rated = rand() < 0.33;
      const tokensIn = 50 + Math.floor(rand() * 1500);
      const tokensOut = 20 + Math.floor(rand() * 800);
      // Picked from numbers already drawn, so the random stream (and every other column) stays as it was.
      const [input, output] = EXCHANGES[(user + tokensIn) % EXCHANGES.length]!;
      return {
        id: uuidv7(),
        workspaceId,
        agentId: agents[pickAgent()]!,
        taskId: null,
        sessionId: `s-${user}-${Math.floor(rand() * 5)}`,
        endUserId: `user-${user}`,
        createdAt: new Date(now - Math.floor(rand() * span)).toISOString(),
        responseTimeMs: Math.floor(80 + -Math.log(1 - rand()) * 700),
        tokensIn,
        tokensOut,
        cost: Math.round(tokensIn * 0.0005 + tokensOut * 0.0015) / 1000,
        userRating: rated ? (rand() < 0.75 ? 4 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 3)) : null,
        input,
        output,
        metadata: null,
      };
    });
    return service.commits.submit(rows).then(() => {
      if (performance.now() - lastLog > 2000) {
        lastLog = performance.now();
        const rate = done / ((performance.now() - started) / 1000);
        log(`  interactions ${done.toLocaleString()}/${total.toLocaleString()} (${Math.round(rate).toLocaleString()}/s)`);
      }
    });
  };
  // A few submissions in flight so the group commit always has the next flush queued.
  const workers = Array.from({ length: 6 }, async () => {
    for (let p = next(); p; p = next()) await p;
  });
  await Promise.all(workers);
  await service.commits.close();
  await analyze(database.db, ["interactions", "agent_daily_stats"]);
  log(`  interactions ${total.toLocaleString()} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      agents: { type: "string", default: "1000" },
      tasks: { type: "string", default: "20" },
      interactions: { type: "string", default: "0" },
      days: { type: "string", default: "90" },
      email: { type: "string", default: "demo@voice-to-app.local" },
      password: { type: "string", default: "demo-password" },
    },
  });
  const num = (name: string, v: string | undefined) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number ≥ 0 (got ${v})`);
    return n;
  };
  const agents = num("agents", values.agents);
  const tasks = num("tasks", values.tasks);
  const interactions = num("interactions", values.interactions);
  const days = num("days", values.days);
  const env = parseEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 4, statementTimeoutMs: 0 });
  try {
    await migrate(database);
    const started = performance.now();
    console.log(
      `Seeding ${agents} agents × ${tasks} tasks, ${interactions} interactions into ${database.kind === "pglite" ? env.DATA_DIR : "PostgreSQL"} …`,
    );
    const result = await seedDemo(
      database,
      { agents, tasks, interactions, days, email: values.email, password: values.password },
      console.log,
    );
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${result.agents} agents in the demo workspace.`);
    console.log(`Log in with  ${values.email}  /  ${values.password}`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    console.error(
      err instanceof Error ? `${err.message.split("\n")[0]}${err.cause instanceof Error ? `: ${err.cause.message}` : ""}` : err,
    );
    process.exit(1);
  });
}
