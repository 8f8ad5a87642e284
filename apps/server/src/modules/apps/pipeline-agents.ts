import type { Db } from "../../platform/db/client.js";
import { conflict } from "../../platform/http/errors.js";
import type { AgentsService } from "../agents/index.js";
import type { StageAgent } from "../builder/index.js";
import { pipelineAgentRows } from "./builds.repository.js";

export const PIPELINE_ROLES = ["requirements", "architect", "verifier"] as const;
export type PipelineRole = (typeof PIPELINE_ROLES)[number];

const DEFAULTS: Record<PipelineRole, { name: string; description: string }> = {
  requirements: {
    name: "Requirements Analyst",
    description: "Turns what you say into goals: what to keep track of, its fields, choices, links and views.",
  },
  architect: { name: "App Architect", description: "Turns goals into the app's specification, and edits it when you refine the app." },
  verifier: {
    name: "Goal Verifier",
    description: "Checks every goal against each new version and repairs what was dropped without being asked.",
  },
};

const ROLE_NAMES: Record<PipelineRole, string> = {
  requirements: "Requirements Analyst",
  architect: "App Architect",
  verifier: "Goal Verifier",
};

/**
 * The workspace's agent for each pipeline role: the oldest active one. A workspace gets the default
 * agents the first time it builds (a role that never had an agent); after that they are the
 * person's to edit, switch off or replace. Reading (`create: false`) never writes.
 */
export async function pipelineAgents(
  db: Db,
  workspaceId: string,
  agents: Pick<AgentsService, "create">,
  opts: { create: boolean } = { create: true },
): Promise<Record<PipelineRole, StageAgent | null>> {
  let rows = await pipelineAgentRows(db, workspaceId);
  const missing = PIPELINE_ROLES.filter((role) => !rows.some((r) => r.role === role));
  if (missing.length && opts.create) {
    for (const role of missing) await agents.create(db, workspaceId, { ...DEFAULTS[role], role, status: "active", config: {} });
    rows = await pipelineAgentRows(db, workspaceId);
  }
  const pick = (role: PipelineRole) => {
    const row = rows.find((r) => r.role === role && r.live && r.status === "active");
    return row ? { id: row.id, name: row.name, config: row.config } : null;
  };
  return { requirements: pick("requirements"), architect: pick("architect"), verifier: pick("verifier") };
}

/** 409 naming the roles without an active agent, and what to do about it. */
export function requireAll(agents: Record<PipelineRole, StageAgent | null>): Record<PipelineRole, StageAgent> {
  const missing = PIPELINE_ROLES.filter((r) => !agents[r]);
  if (missing.length) {
    throw conflict(
      `No active agent for ${missing.map((r) => `the ${ROLE_NAMES[r]} role ("${r}")`).join(", ")}. Activate one on the Agents page or create an agent with that role.`,
      { missingRoles: missing },
    );
  }
  return agents as Record<PipelineRole, StageAgent>;
}
