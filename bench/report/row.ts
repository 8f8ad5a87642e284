/** One line of the report: a seed technique and ours, measured in the same run. */
export interface Row {
  area: string;
  seedTechnique: string;
  ourTechnique: string;
  seed: number;
  ours: number;
  unit: "ms" | "µs" | "rows/s" | "ops/s" | "count";
  /** Which way is better for this number; "none" rows carry facts, not a ratio. */
  better: "lower" | "higher" | "none";
  note?: string;
}

export const ratio = (r: Row) => (r.better === "lower" ? r.seed / r.ours : r.better === "higher" ? r.ours / r.seed : NaN);

const num = (n: number, unit: Row["unit"]) => {
  if (!Number.isFinite(n)) return "—";
  if (unit === "count") return n.toLocaleString("en-US");
  if (unit === "rows/s" || unit === "ops/s") return `${Math.round(n).toLocaleString("en-US")} ${unit}`;
  return `${n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString("en-US")} ${unit}`;
};

const times = (x: number) =>
  !Number.isFinite(x) ? "—" : x >= 100 ? `**${Math.round(x).toLocaleString("en-US")}×**` : `**${x.toFixed(x >= 10 ? 0 : 1)}×**`;

export function markdownTable(rows: Row[]): string {
  const lines = [
    "| area | seed's technique | seed | ours | ours vs seed | notes |",
    "|---|---|---|---|---|---|",
    ...rows.map(
      (r) =>
        `| ${r.area} | ${r.seedTechnique} | ${num(r.seed, r.unit)} | ${r.ourTechnique}: ${num(r.ours, r.unit)} | ${times(ratio(r))} | ${r.note ?? ""} |`,
    ),
  ];
  return lines.join("\n");
}

/** Times `fn` `reps` times after one untimed warm-up call; returns the samples in ms. */
export async function timeRuns(reps: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples;
}
