/** Thumbs up or down on one of the Assistant's results: the rating of its interaction (5 or 1). */
import { useState } from "react";
import { useRateInteraction } from "./api";
import { ThumbIcon } from "./icons";

export function RateButtons({ interactionId }: { interactionId: string }) {
  const rate = useRateInteraction();
  const [rated, setRated] = useState<number | null>(null);
  const give = (userRating: number) =>
    rate.mutate({ interactionId, userRating: rated === userRating ? null : userRating }, { onSuccess: (r) => setRated(r.userRating) });
  const cls = (on: boolean) => `rounded px-1.5 py-0.5 ${on ? "bg-indigo-100 ring-1 ring-indigo-400" : "hover:bg-slate-100"}`;
  return (
    <span role="group" aria-label="Rate this result" className="inline-flex items-center gap-1 text-sm">
      <button
        type="button"
        aria-label="Good result"
        aria-pressed={rated === 5}
        disabled={rate.isPending}
        onClick={() => give(5)}
        className={cls(rated === 5)}
      >
        <ThumbIcon />
      </button>
      <button
        type="button"
        aria-label="Bad result"
        aria-pressed={rated === 1}
        disabled={rate.isPending}
        onClick={() => give(1)}
        className={cls(rated === 1)}
      >
        <ThumbIcon down />
      </button>
      {rate.error && (
        <span role="alert" className="text-xs text-red-800">
          {rate.error.message}
        </span>
      )}
    </span>
  );
}
