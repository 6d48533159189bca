import type { Hindcast } from "../../engine/fit/hindcast.ts";
import { hindcastView } from "../data/hindcast.ts";
import type { OptimizeView } from "../data/optimizeView.ts";
import type { StressView } from "../data/stressView.ts";
import type { NamedChart } from "./analysisSet.ts";
import { hindcastChart } from "./hindcastChart.ts";
import { convergenceChart, paretoChart } from "./optimizeCharts.ts";
import { frontierChart, trajectoryChart } from "./stressCharts.ts";

/**
 * The charts of an optimisation study: each objective's convergence by
 * generation, then (two or more objectives) the Pareto front; the finalist
 * `chosen` (default the view's) is marked on each.
 */
export function optimizeChartSet(view: OptimizeView, chosen?: number | null): NamedChart[] {
  const mark = chosen === undefined ? {} : { chosen };
  const charts: NamedChart[] = view.objectives.map((o, k) => ({
    name: `convergence-objective${k + 1}`,
    title: `Convergence: ${o.statistic}`,
    draw: (opts) => convergenceChart({ view, objective: k, ...mark }, opts),
  }));
  if (view.objectives.length > 1)
    charts.push({
      name: "pareto-front",
      title: "Pareto front",
      draw: (opts) => paretoChart({ view, ...mark }, opts),
    });
  return charts;
}

/**
 * The charts of a stress search: the frontier (file name `frontier`, or
 * `frontier-<suffix>`), then, when the folder holds them, the breaking point's
 * trajectory against the baseline's, one chart per metric (`trajectory-<column>`).
 */
export function stressChartSet(view: StressView, suffix?: string): NamedChart[] {
  const tail = suffix ? `-${suffix}` : "";
  const pair = view.trajectories;
  return [
    {
      name: `frontier${tail}`,
      title: "Stress frontier",
      draw: (opts) => frontierChart(view, opts),
    },
    ...(pair
      ? pair.series.map((s, i) => ({
          name: `trajectory-${s.column}${tail}`,
          title: `Trajectory: ${s.title}`,
          draw: (opts: Parameters<NamedChart["draw"]>[0]) =>
            trajectoryChart({ pair, series: i }, opts),
        }))
      : []),
  ];
}

/** The charts of a fit or a counterfactual: one hindcast per observed series (`hindcast-<column>`). */
export function hindcastChartSet(h: Hindcast): NamedChart[] {
  return h.series.map((s) => {
    const v = hindcastView(h, s);
    return { name: v.id, title: v.title, draw: (opts) => hindcastChart(v, opts) };
  });
}
