/**
 * `node --import tsx apps/server/src/modules/builder/corpus/report.ts [--details] [--held]`: the
 * builtin engine on the natural corpus, as typed and as a recognizer gives it (lowercase, no
 * punctuation): the whole dev split and the 20 descriptions + 6 edit sequences of `dev-issue.json`. Details (each
 * miss) are printed for the dev split only; the held-out split is scored only with `--held` (for
 * the record at a checkpoint), so day-to-day changes are judged on the dev split alone.
 *
 * The punctuation model learns from the dev split, so dev as recognizer text is scored file by
 * file with a model trained on the other files (cross-validated); held-out uses the shipped model.
 * `--punctuation` also prints the model's cross-validated precision and recall per mark.
 */
import { builtinBuilder } from "./builtin-builder.js";
import { asRecognizerText, loadCorpus, type CorpusFile } from "./natural.js";
import { addScores, formatScore, scoreSplit, type SplitScore } from "./run.js";
import { crossValidated, markAccuracy } from "./train-punctuation.js";

const details = process.argv.includes("--details");
const started = performance.now();
const report = (name: string, files: CorpusFile[], withDetails = false) => {
  const score = scoreSplit(files, builtinBuilder, { details: withDetails });
  if (withDetails) console.log(score.details.join("\n"));
  console.log(formatScore(name, score));
};
/** Each file as recognizer text, read with punctuation learnt from the other files. */
const heard = (name: string, files: CorpusFile[], among: CorpusFile[]) => {
  const scores: SplitScore[] = files.map((file) => crossValidated(among, file, () => scoreSplit(asRecognizerText([file]), builtinBuilder)));
  console.log(formatScore(name, scores.reduce(addScores)));
};
const dev = loadCorpus("dev");
const issue = dev.filter((f) => f.name === "dev-issue.json");
report("dev", dev, details);
heard("dev as recognizer text (punctuation cross-validated)", dev, dev);
report("issue's dev corpus", issue);
heard("issue's dev corpus as recognizer text (punctuation cross-validated)", issue, dev);
if (process.argv.includes("--held")) {
  const held = loadCorpus("held");
  report("held-out", held);
  report("held-out as recognizer text", asRecognizerText(held));
}
if (process.argv.includes("--punctuation")) {
  const named = { "": "no mark", ",": "comma", ":": "colon", ".": "full stop" };
  for (const [mark, { precision, recall }] of Object.entries(markAccuracy(dev)))
    console.log(`punctuation ${named[mark as keyof typeof named]}: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}`);
}
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s)`);
