/**
 * Scores the assistant's command corpus, typed and as a recogniser writes it:
 * `node --import tsx apps/server/src/modules/assistant/corpus/report.ts [--held] [--misses]`.
 * Misses are printed for the dev split only: the held-out split is scored, never read while tuning.
 */
import { score } from "./score.js";

const held = process.argv.includes("--held");
const misses = process.argv.includes("--misses") && !held;
for (const split of held ? (["dev", "dev2", "dev3", "held"] as const) : (["dev", "dev2", "dev3"] as const)) {
  for (const spoken of [false, true]) {
    const r = score(
      split,
      spoken,
      misses
        ? (c, text, intent) =>
            console.log(
              `✗ [${c.app}] ${text}\n   want ${JSON.stringify(c.expect)}\n   got  ${JSON.stringify(intent, (k, v: unknown) =>
                k === "words" || k === "candidates" ? undefined : k === "record" && v && typeof v === "object" && "id" in v ? v.id : v,
              )}`,
            )
        : undefined,
    );
    console.log(
      `${split} ${spoken ? "recognizer text" : "typed"}: ${r.ok}/${r.total} (${((100 * r.ok) / r.total).toFixed(1)}%), writes to a wrong record ${r.wrongRecord}, unclear without a hint ${r.silentUnclear}`,
    );
  }
}
