/** The Assistant's icons, drawn here (emoji are missing from some systems' fonts); the buttons carry the words. */
const STROKE = {
  viewBox: "0 0 24 24",
  fill: "none",
  stroke: "currentColor",
  strokeWidth: 2,
  strokeLinecap: "round",
  strokeLinejoin: "round",
  "aria-hidden": true,
} as const;

export function MicIcon() {
  return (
    <svg {...STROKE} className="h-4 w-4">
      <rect x="9" y="2" width="6" height="12" rx="3" />
      <path d="M5 11a7 7 0 0 0 14 0M12 18v4M8 22h8" />
    </svg>
  );
}

/** Thumbs up; `down` turns it over. */
export function ThumbIcon({ down = false }: { down?: boolean }) {
  return (
    <svg {...STROKE} className={`h-4 w-4 ${down ? "rotate-180" : ""}`}>
      <path d="M7 10v12" />
      <path d="M15 5.88 14 10h5.83a2 2 0 0 1 1.92 2.56l-2.33 8A2 2 0 0 1 17.5 22H4a2 2 0 0 1-2-2v-8a2 2 0 0 1 2-2h2.76a2 2 0 0 0 1.79-1.11L12 2a3.13 3.13 0 0 1 3 3.88Z" />
    </svg>
  );
}
