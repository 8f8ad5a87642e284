import { CHECK_WORD_BELOW, type Transcription } from "@vta/contracts";

type Word = NonNullable<Transcription["words"]>[number];
const isUnsure = (w: Word) => w.confidence !== undefined && w.confidence < CHECK_WORD_BELOW;

/** What was heard, with the words the recogniser was unsure of marked for the person to check. */
export function SpokenText({ words }: { words: Word[] }) {
  const unsure = words.filter(isUnsure).length;
  if (!unsure) return null;
  return (
    <p className="text-sm text-slate-700" aria-label="Words to check">
      <span className="mr-1 font-medium">Check the marked {unsure === 1 ? "word" : "words"}:</span>
      {words.map((w, i) => {
        return (
          <span key={i}>
            {i > 0 && " "}
            {isUnsure(w) ? (
              <mark
                className="rounded bg-amber-100 px-0.5 text-amber-900 underline decoration-dotted"
                title={`Not sure of this word (${Math.round(w.confidence! * 100)}%)`}
              >
                {w.word}
              </mark>
            ) : (
              w.word
            )}
          </span>
        );
      })}
    </p>
  );
}
