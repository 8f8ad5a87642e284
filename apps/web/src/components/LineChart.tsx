import { useEffect, useRef, useState } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { compactNumber, isEmpty, splitPartial } from "./chart";

export interface Series {
  label: string;
  values: (number | null)[];
  color: string;
}

interface Props {
  title: string;
  /** x values: unix seconds, ascending. */
  x: number[];
  series: Series[];
  height?: number;
  /** Axis ticks and legend values; short numbers (1.2k) by default. */
  format?: (v: number) => string;
  /** The legend's name for a point; the local date and time by default. */
  formatX?: (x: number) => string;
  /** Points that hold only part of their period: drawn dashed and called "partial" in the legend. */
  partial?: boolean[];
  /** Said instead of a chart when there is nothing to plot. */
  emptyText?: string;
  /** Only zeros count as nothing to plot (counts over a period where nothing happened). */
  zerosAreEmpty?: boolean;
  /** Days as UTC buckets (analytics), not the viewer's local time. */
  utc?: boolean;
  /** Ticks under the points themselves, named by this (weeks, months): uPlot's own would fall on days between them. */
  tickAtPoints?: (x: number) => string;
  /** Counts: the y axis steps by whole numbers (no "2.5 users"). */
  integers?: boolean;
}

/** uPlot's time steps from one second up (its default goes down to milliseconds: ":58.250" under a few live seconds). */
const m = 60,
  h = 3600,
  d = 86_400;
const TIME_STEPS = [
  1,
  5,
  10,
  15,
  30,
  m,
  5 * m,
  10 * m,
  15 * m,
  30 * m,
  h,
  2 * h,
  3 * h,
  4 * h,
  6 * h,
  8 * h,
  12 * h,
  d,
  2 * d,
  3 * d,
  4 * d,
  5 * d,
  6 * d,
  7 * d,
  14 * d,
  30 * d,
  60 * d,
  90 * d,
  120 * d,
  180 * d,
  365 * d,
  2 * 365 * d,
  5 * 365 * d,
  10 * 365 * d,
];
const WHOLE_STEPS = [1, 2, 5].flatMap((m) => Array.from({ length: 12 }, (_, e) => m * 10 ** e)).sort((a, b) => a - b);

const localTime = (x: number) => new Date(x * 1000).toLocaleString();

/**
 * A small uPlot line chart that redraws in place when its data changes and follows its width.
 * Axes are as wide as their longest label; the legend shows the values under the cursor (the last
 * point otherwise); with nothing to plot it says so instead of drawing empty axes.
 */
export function LineChart(props: Props) {
  const { title, series, emptyText = "No data yet.", zerosAreEmpty = false } = props;
  const empty = props.x.length === 0 || isEmpty(series, zerosAreEmpty);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3" data-empty={empty || undefined}>
      <figcaption className="mb-1 text-sm font-medium text-slate-700">{title}</figcaption>
      {empty ? (
        <p className="flex items-center justify-center rounded bg-slate-50 text-sm text-slate-500" style={{ height: props.height ?? 160 }}>
          {emptyText}
        </p>
      ) : (
        <Plot {...props} />
      )}
    </figure>
  );
}

/** uPlot's auto-sizing recipe: an axis as wide as its longest tick label at the axis font. */
function axisSize(self: uPlot, values: string[] | null, axisIdx: number, cycleNum: number): number {
  const axis = self.axes[axisIdx]!;
  // Sizes converge in a cycle or two; past that keep the last one, or the layout can oscillate.
  const previous = (axis as { _size?: number })._size;
  if (cycleNum > 1 && previous) return previous;
  let size = (axis.ticks?.size ?? 10) + (axis.gap ?? 5);
  const longest = (values ?? []).reduce((a, v) => (v.length > a.length ? v : a), "");
  if (longest) {
    self.ctx.font = (axis.font as unknown as string[])[0] ?? "12px system-ui";
    size += self.ctx.measureText(longest).width / devicePixelRatio;
  }
  return Math.ceil(size) + 2;
}

function Plot({
  x,
  series,
  height = 160,
  format = compactNumber,
  formatX = localTime,
  partial,
  utc = false,
  tickAtPoints,
  integers = false,
}: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const [hover, setHover] = useState<number | null>(null);
  const split = series.map((s) => splitPartial(s.values, partial));
  const data = (): uPlot.AlignedData => [x, ...split.flatMap((p) => [p.solid, ...p.dashed])];
  // The uPlot series (one solid line and one dashed line per partial run, per series) decide the shape.
  const shape = series.map((s, i) => `${s.label}:${s.color}:${split[i]!.dashed.length}`).join("|");
  // The axis asks for labels at draw time: it reads the latest formatter without a rebuild.
  const formatRef = useRef(format);
  const tickRef = useRef(tickAtPoints);
  useEffect(() => {
    formatRef.current = format;
    tickRef.current = tickAtPoints;
  });

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const lines: uPlot.Series[] = split.flatMap((p, i) => {
      const s = series[i]!;
      const points = { show: x.length < 40 };
      return [
        { label: s.label, stroke: s.color, width: 2, points },
        ...p.dashed.map(() => ({ label: `${s.label} (partial)`, stroke: s.color, width: 2, dash: [6, 4], points })),
      ];
    });
    const opts: uPlot.Options = {
      width: el.clientWidth || 400,
      height,
      legend: { show: false },
      axes: [
        tickAtPoints
          ? {
              size: 30,
              // One label per point, thinned to one per ~80 px so they never overlap.
              splits: (u) => {
                const xs = u.data[0] as number[];
                const every = Math.max(1, Math.ceil(xs.length / Math.max(1, Math.floor(u.bbox.width / devicePixelRatio / 80))));
                return xs.filter((_, i) => (xs.length - 1 - i) % every === 0);
              },
              values: (_u, ticks) => ticks.map((t) => tickRef.current?.(t) ?? ""),
            }
          : { size: 30, incrs: TIME_STEPS },
        { values: (_u, ticks) => ticks.map((v) => formatRef.current(v)), size: axisSize, ...(integers ? { incrs: WHOLE_STEPS } : {}) },
      ],
      // Room on the right for the last point's tick label, centred under it.
      padding: [8, 28, 0, 0],
      // From zero: a count or a time that starts at 40 makes a small change look like a collapse.
      scales: { y: { range: (_u, min, max) => uPlot.rangeNum(Math.min(0, min), max, 0.1, true) } },
      series: [{}, ...lines],
      ...(utc ? { tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC") } : {}),
      hooks: { setCursor: [(u) => setHover(u.cursor.idx ?? null)] },
    };
    const chart = new uPlot(opts, data(), el);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of lines changes; data updates go through setData below.
  }, [shape, height, utc, Boolean(tickAtPoints), integers]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    plot.current?.setData(data());
  }, [x, series, partial]); // eslint-disable-line react-hooks/exhaustive-deps

  // Under the cursor, else the last point: the legend always has values to show.
  const at = hover !== null && hover < x.length ? hover : x.length - 1;
  return (
    <>
      <div ref={host} />
      <p data-testid="chart-legend" className="mt-1 flex flex-wrap gap-x-3 text-xs text-slate-700">
        <span className="text-slate-500">
          {formatX(x[at]!)}
          {partial?.[at] && " (partial)"}
          {hover === null && x.length > 1 && " · latest"}
        </span>
        {series.map((s) => {
          const v = s.values[at];
          return (
            <span key={s.label} className="inline-flex items-center gap-1">
              <span aria-hidden className="inline-block h-0.5 w-3" style={{ backgroundColor: s.color }} />
              {s.label}: <b className="tabular-nums">{v === null || v === undefined ? "–" : format(v)}</b>
            </span>
          );
        })}
      </p>
    </>
  );
}
