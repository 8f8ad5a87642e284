/**
 * `node --import tsx apps/server/src/modules/builder/corpus/report.ts [--details] [--held]`: the
 * builtin engine on the natural corpus. Details (each miss) are printed for the dev split only; the
 * held-out split is scored only with `--held` (for the record at a checkpoint), so day-to-day
 * changes are judged on the dev split alone.
 */
import { builtinBuilder } from "./builtin-builder.js";
import { loadCorpus } from "./natural.js";
import { formatScore, scoreSplit } from "./run.js";

const details = process.argv.includes("--details");
const started = performance.now();
const dev = scoreSplit(loadCorpus("dev"), builtinBuilder, { details });
if (details) console.log(dev.details.join("\n"));
console.log(formatScore("dev", dev));
const held = process.argv.includes("--held") ? loadCorpus("held") : [];
if (held.length) console.log(formatScore("held-out", scoreSplit(held, builtinBuilder)));
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
