import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

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
  format?: (v: number) => string;
}

/** A small uPlot line chart that redraws in place when its data changes and follows its width. */
export function LineChart({ title, x, series, height = 160, format }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const shape = series.map((s) => `${s.label}:${s.color}`).join("|");

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const opts: uPlot.Options = {
      width: el.clientWidth || 400,
      height,
      legend: { show: series.length > 1 },
      axes: [{}, { values: format ? (_u, ticks) => ticks.map(format) : undefined, size: 60 }],
      series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, points: { show: x.length < 40 } }))],
    };
    const chart = new uPlot(opts, [x, ...series.map((s) => s.values)], el);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; data updates go through setData below.
  }, [shape, height]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    plot.current?.setData([x, ...series.map((s) => s.values)]);
  }, [x, series]);

  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3">
      <figcaption className="mb-1 text-sm font-medium text-slate-700">{title}</figcaption>
      <div ref={host} />
    </figure>
  );
}
