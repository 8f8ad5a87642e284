/**
 * Any OpenAI-compatible chat-completions endpoint: JSON-schema output, validated, with one repair
 * retry that shows the model what was wrong; tokens from `usage`.
 */
import { z } from "zod";
import { AppSpec, GoalDraft, GoalTarget, targetKey, Unclear } from "@vta/contracts";
import type { Requirements } from "../integrity.js";
import { EngineError, type Engine, type StageAgent } from "./engine.js";

export interface OpenAiOptions {
  baseUrl: string | undefined;
  apiKey: string | undefined;
  timeoutMs: number;
}

const RequirementsAnswer = z.object({
  goals: z.array(GoalDraft).max(200),
  retire: z.array(GoalTarget).max(200).default([]),
  moves: z
    .array(z.object({ from: GoalTarget, to: GoalTarget }))
    .max(200)
    .default([]),
  summary: z.string().max(2000).default(""),
  unclear: z.array(Unclear).max(50).default([]),
});

const ArchitectAnswer = z.object({ spec: AppSpec, changes: z.array(z.string().max(300)).max(100).default([]) });

const REQUIREMENTS_PROMPT = `You are the Requirements Analyst of an app builder. Turn the person's request into goals.
Every thing, property, option, relation and view the person named is a goal, even one you cannot build, so that
nothing they said is silently lost; put the person's own words for it in "words". The speaker's situation, the app's
own name and filler are not goals. Each goal has a short plain-English text ("Each task has a due date") and a
machine-checkable target: entity, field (with type), required, option, relation or view.
List in "unclear" the person's words that no goal covers or that you are unsure of, each with a "hint" saying what to
say instead; where a choice was named without options, ask ("Is 'stage' a choice? Which options?") and give "ask" as
the request their answer makes, with {answer} for it ("stage can be {answer}").
Names are lowerCamelCase identifiers; entity names are singular. Field types: text, longText, number, currency, date,
dateTime, boolean, email, phone, url, enum, reference. View types: table, form, board, calendar, chart, stats.
For an edit, give only the new goals; list in "retire" the targets the person asked to remove, and in "moves" the
targets a rename or type change moves (from → to). Answer with JSON only.`;

const ARCHITECT_PROMPT = `You are the App Architect of an app builder. Produce the complete AppSpec that meets every goal:
{name, description, entities: [{name, label, pluralLabel, fields: [{name, label, type, required, options?, ref?}]}],
views: [{id, type, entity, title, ...}]}. Enum fields need options; reference fields need ref (an entity name);
a board needs groupBy (an enum field); a calendar needs dateField (a date or dateTime field); a chart needs groupBy.
When editing, keep everything the request does not change. Answer with JSON only: {spec, changes}.`;

export function openAiEngine(opts: OpenAiOptions): Engine {
  async function complete<T>(agent: StageAgent, system: string, user: string, schema: z.ZodType<T>, name: string) {
    if (!opts.baseUrl) throw new EngineError(`Agent "${agent.name}" uses the openai provider, but LLM_BASE_URL is not set on the server`);
    const messages = [
      { role: "system", content: [system, agent.config.systemPrompt].filter(Boolean).join("\n\n") },
      { role: "user", content: user },
    ];
    const usage = { tokensIn: 0, tokensOut: 0 };
    for (let attempt = 1; ; attempt++) {
      const content = await call(agent, messages, z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }), name, usage);
      let problem: string;
      try {
        const parsed = schema.safeParse(JSON.parse(content));
        if (parsed.success) return { value: parsed.data, usage, content };
        problem = parsed.error.issues
          .slice(0, 20)
          .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
          .join("; ");
      } catch {
        problem = "the answer was not valid JSON";
      }
      if (attempt >= 2) throw new EngineError(`The model's answer failed validation twice: ${problem}`);
      messages.push(
        { role: "assistant", content },
        { role: "user", content: `That answer is invalid: ${problem}. Answer again with corrected JSON only.` },
      );
    }
  }

  async function call(
    agent: StageAgent,
    messages: { role: string; content: string }[],
    schema: unknown,
    name: string,
    usage: { tokensIn: number; tokensOut: number },
  ) {
    let res: Response;
    try {
      res = await fetch(`${opts.baseUrl!.replace(/\/$/, "")}/chat/completions`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
        body: JSON.stringify({
          model: agent.config.model,
          temperature: agent.config.temperature,
          max_tokens: agent.config.maxTokens,
          messages,
          response_format: { type: "json_schema", json_schema: { name, schema } },
        }),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      // Network trouble and timeouts are worth another attempt of the whole job.
      throw new Error(`LLM endpoint unreachable: ${(err as Error).message}`);
    }
    const body = (await res.json().catch(() => null)) as {
      choices?: { message?: { content?: string } }[];
      usage?: { prompt_tokens?: number; completion_tokens?: number };
      error?: { message?: string };
    } | null;
    if (res.status >= 500 || res.status === 429) throw new Error(`LLM endpoint answered ${res.status}`);
    if (!res.ok)
      throw new EngineError(`The LLM endpoint refused the request (${res.status}): ${body?.error?.message ?? "no reason given"}`);
    usage.tokensIn += body?.usage?.prompt_tokens ?? 0;
    usage.tokensOut += body?.usage?.completion_tokens ?? 0;
    const content = body?.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new EngineError("The LLM endpoint answered without a message");
    return content;
  }

  return {
    async requirements(input, agent) {
      const user = JSON.stringify({
        request: input.text,
        currentSpec: input.spec,
        goals: input.goals.filter((g) => g.status !== "retired").map((g) => ({ text: g.text, target: g.target })),
      });
      const { value, usage, content } = await complete(agent, REQUIREMENTS_PROMPT, user, RequirementsAnswer, "requirements");
      const retired = new Set(value.retire.map(targetKey));
      const moves = new Map(value.moves.map((m) => [targetKey(m.from), m.to]));
      const requirements: Requirements = {
        goals: value.goals,
        retire: (t) => retired.has(targetKey(t)),
        move: (t) => moves.get(targetKey(t)) ?? t,
        summary: value.summary || `${value.goals.length} goals from the request`,
        unclear: value.unclear,
      };
      return { requirements, usage: { ...usage, output: content } };
    },
    async architect(input, agent) {
      const user = JSON.stringify({
        request: input.text,
        currentSpec: input.spec,
        newGoals: input.requirements.goals,
        existingGoals: input.goals.filter((g) => g.status !== "retired"),
      });
      const { value, usage, content } = await complete(agent, ARCHITECT_PROMPT, user, ArchitectAnswer, "app_spec");
      return { spec: value.spec, changes: value.changes, usage: { ...usage, output: content } };
    },
  };
}
