import type { AgentConfig, AppSpec, Goal } from "@vta/contracts";
import type { Requirements } from "../integrity.js";

/** The agent a stage runs as: its config picks the engine and model and prices its tokens. */
export interface StageAgent {
  id: string;
  name: string;
  config: AgentConfig;
}

export interface Usage {
  tokensIn: number;
  tokensOut: number;
  /** What the step's output said, for the interaction log. */
  output: string;
}

export interface RequirementsInput {
  text: string;
  spec: AppSpec | null;
  goals: Pick<Goal, "text" | "target" | "status">[];
}

export interface ArchitectInput extends RequirementsInput {
  requirements: Requirements;
}

/** One engine per provider; a build uses the engine of each stage's agent. */
export interface Engine {
  requirements(input: RequirementsInput, agent: StageAgent): Promise<{ requirements: Requirements; usage: Usage }>;
  architect(input: ArchitectInput, agent: StageAgent): Promise<{ spec: AppSpec; changes: string[]; usage: Usage }>;
}

/** A failure to report to the person as the build's reason (not retried). */
export class EngineError extends Error {}

/** Rough token count for engines that do not report one: about four characters a token. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4);
