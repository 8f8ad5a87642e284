/**
 * Demo data: `npm run seed -- --agents 1000 --tasks 20 --interactions 0`.
 * Fills a demo workspace in set-based SQL (thousands of rows per statement) and prints a login.
 */
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { sql } from "drizzle-orm";
import { parseEnv } from "../env.js";
import { openDatabase, type Database } from "../platform/db/client.js";
import { migrate } from "../platform/db/migrate.js";
import { queryRows } from "../platform/db/rows.js";
import { createAccountsService } from "../modules/accounts/index.js";

export interface SeedOptions {
  agents: number;
  tasks: number;
  email: string;
  password: string;
}

const ROLES = ["general", "requirements", "architect", "verifier", "transcriber"];
const WORDS = ["Support", "Invoice", "Sales", "Research", "Triage", "Onboarding", "Billing", "Scheduler", "Translator", "Reviewer"];
const KINDS = ["answer", "summarize", "classify", "extract", "draft"];

/** Creates (or reuses) the demo account and adds agents with tasks to its workspace. */
export async function seedDemo(database: Database, opts: SeedOptions, log: (line: string) => void = () => undefined) {
  const { db } = database;
  const accounts = createAccountsService({ db, adminEmails: [], sessionTtlHours: 1 });
  let workspaceId: string;
  try {
    workspaceId = (await accounts.signup({ email: opts.email, password: opts.password, name: "Demo" })).workspace.id;
  } catch {
    workspaceId = (await accounts.login({ email: opts.email, password: opts.password })).workspace.id;
  }
  const batch = 5000;
  for (let done = 0; done < opts.agents; done += batch) {
    const n = Math.min(batch, opts.agents - done);
    // created_at spreads over the past so pages and sorting look real; one statement per batch.
    await db.execute(sql`
      with a as (
        insert into agents (workspace_id, name, description, role, status, created_at, updated_at)
        select ${workspaceId},
          (${sql.raw(`array['${WORDS.join("','")}']`)})[1 + (g % ${WORDS.length})] || ' agent #' || (${done}::int + g),
          'Handles ' || lower((${sql.raw(`array['${WORDS.join("','")}']`)})[1 + ((g * 7) % ${WORDS.length})]) || ' requests for team ' || (g % 37),
          (${sql.raw(`array['${ROLES.join("','")}']`)})[1 + (g % ${ROLES.length})],
          case when g % 5 = 0 then 'inactive' else 'active' end,
          now() - ((${opts.agents - done}::int - g) * interval '1 minute'),
          now()
        from generate_series(1, ${n}) g
        returning id, workspace_id, created_at
      ), c as (
        insert into agent_configs (agent_id, workspace_id, temperature, price_input_per_1k, price_output_per_1k)
        select id, workspace_id, 0.2, 0.0005, 0.0015 from a
      )
      insert into agent_tasks (workspace_id, agent_id, title, kind, status, created_at, started_at, completed_at)
      select a.workspace_id, a.id, 'Task ' || t || ' of the day',
        (${sql.raw(`array['${KINDS.join("','")}']`)})[1 + (t % ${KINDS.length})],
        (array['pending','in_progress','completed','failed','completed'])[1 + (t % 5)],
        a.created_at + t * interval '1 second',
        case when t % 5 <> 0 then a.created_at + t * interval '1 second' end,
        case when t % 5 in (2, 3, 4) then a.created_at + (t + 1) * interval '1 second' end
      from a, generate_series(1, ${opts.tasks}) t`);
    log(`  agents ${Math.min(done + n, opts.agents)}/${opts.agents}`);
  }
  await db.execute(sql`analyze agents`);
  await db.execute(sql`analyze agent_tasks`);
  const [count] = await queryRows<{ agents: number }>(db, sql`select count(*)::int as agents from agents where workspace_id = ${workspaceId} and deleted_at is null`);
  return { workspaceId, agents: count?.agents ?? 0 };
}

async function main() {
  const { values } = parseArgs({
    options: {
      agents: { type: "string", default: "1000" },
      tasks: { type: "string", default: "20" },
      interactions: { type: "string", default: "0" },
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
  if (num("interactions", values.interactions) > 0) {
    throw new Error("--interactions is not available yet: interaction ingestion lands with the interactions module");
  }
  const env = parseEnv();
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, poolSize: 4, statementTimeoutMs: 0 });
  try {
    await migrate(database);
    const started = performance.now();
    console.log(`Seeding ${agents} agents × ${tasks} tasks into ${database.kind === "pglite" ? env.DATA_DIR : "PostgreSQL"} …`);
    const result = await seedDemo(database, { agents, tasks, email: values.email, password: values.password }, console.log);
    console.log(`Done in ${((performance.now() - started) / 1000).toFixed(1)} s: ${result.agents} agents in the demo workspace.`);
    console.log(`Log in with  ${values.email}  /  ${values.password}`);
  } finally {
    await database.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? `${err.message.split("\n")[0]}${err.cause instanceof Error ? `: ${err.cause.message}` : ""}` : err);
    process.exit(1);
  });
}
