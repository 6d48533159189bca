import * as Plot from "@observablehq/plot";
import type { RareView } from "../data/rareView.ts";
import type { NamedChart } from "./analysisSet.ts";
import { formatNumber, tickFormat } from "./format.ts";
import { type DrawOptions, PALETTE, SPIRAL_RED, studyChart } from "./frame.ts";

const REPLICA = PALETTE[0];
const EVENT = PALETTE[1];

/** The event level's label: "event level 1" (the spiral) or the drawdown/exodus threshold. */
const eventLabel = (view: RareView) => `event: ${view.event} (level ${formatNumber(view.level)})`;

/**
 * The splitting levels: each replica's killed level Z_q (the smallest running
 * maximum of the score) by iteration, one line per replica, climbing to the
 * event's level (dashed). A replica that stops below it went extinct or ran
 * out of budget.
 */
function levelsChart(view: RareView, opts: DrawOptions): SVGSVGElement {
  const rows = view.iterations;
  const title = "Splitting levels";
  const subtitle = `score level (${view.score}) killed at each iteration, one line per replica (${view.replicas} replicas of ${view.particles} particles) · dashed: the event's level`;
  const note =
    rows.length === 0
      ? "no iteration recorded (rare.arrow missing or empty): nothing to draw"
      : view.incomplete > 0
        ? `${view.incomplete} of ${view.replicas} replicas stopped below the event (extinct or out of budget)`
        : undefined;
  const legend = [
    { label: "replica", color: REPLICA },
    { label: "event level", color: EVENT },
  ];
  const chart = studyChart(opts, { title, subtitle, legend, note }, 320);
  const levels = rows.map((r) => r.level);
  const svg = Plot.plot({
    ...chart.plot,
    x: {
      label: "iteration",
      labelAnchor: "center",
      labelOffset: 34,
      tickFormat: tickFormat("number"),
    },
    y: {
      domain: [Math.min(0, ...levels), Math.max(view.level, ...levels) * 1.05],
      label: `score level (${view.score})`,
      labelAnchor: "center",
      labelOffset: 52,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    marks: [
      Plot.ruleY([view.level], { stroke: EVENT, strokeDasharray: "5,3", strokeWidth: 1.2 }),
      Plot.line(rows, {
        x: "iteration",
        y: "level",
        z: "replica",
        stroke: REPLICA,
        strokeOpacity: 0.7,
        strokeWidth: 1.3,
        curve: "step-after",
      }),
    ],
  }) as SVGSVGElement;
  return chart.finish(svg);
}

/**
 * The estimate's running value: each replica's running product Π(1 − K_j/n),
 * its estimate of P(score > level), against the level reached (log scale), one
 * line per replica; at the event's level, the pooled estimate (red) with its
 * interval. The lines' spread where they reach the event is the spread the
 * interval is built from.
 */
function tailChart(view: RareView, opts: DrawOptions): SVGSVGElement {
  const rows = view.iterations.filter((r) => r.probability > 0);
  const pct = Math.round(view.confidence * 100);
  const title = "Running estimate by level";
  const reached = view.estimate !== null && view.estimate > 0;
  const subtitle = `each replica's estimate of P(score > level) as its particles climb (log scale) · red: ${reached ? `P(${view.event}) = ${formatNumber(view.estimate!)} with its ${pct}% interval` : `the ${pct}% upper bound of P(${view.event}) (dashed)`} · ${formatNumber(view.runs)} runs, ${formatNumber(view.steps)} steps`;
  // The y axis reaches a decade under the interval (or the estimate); lower replica lines are clipped.
  const marks = [view.estimate, view.lower, view.upper].filter(
    (v): v is number => v !== null && v > 0,
  );
  const seen = rows.map((r) => r.probability);
  const floor = Math.max(
    1e-300,
    Math.min(...(marks.length ? marks : seen.length ? seen : [1e-6])) / 10,
  );
  const lowerZero = view.lower === null || view.lower <= 0;
  const note =
    rows.length === 0
      ? "no iteration recorded (rare.arrow missing or empty): nothing to draw"
      : view.estimate === null || view.estimate === 0
        ? `no replica reached the event: the estimate is 0, below ${formatNumber(view.upper ?? Number.NaN)} at ${pct}%`
        : lowerZero
          ? "the interval's lower end is 0: its whisker runs to the bottom of the axis"
          : undefined;
  const point = reached
    ? [
        {
          x: view.level,
          y: view.estimate,
          lo: lowerZero ? floor : Math.max(floor, view.lower!),
          hi: view.upper ?? view.estimate,
        },
      ]
    : [];
  const legend = [
    { label: "replica", color: REPLICA },
    { label: "estimate", color: SPIRAL_RED },
  ];
  const chart = studyChart(opts, { title, subtitle, legend, note }, 320);
  const xs = rows.map((r) => r.level);
  const svg = Plot.plot({
    ...chart.plot,
    marginLeft: 74,
    x: {
      domain: [Math.min(0, ...xs), Math.max(view.level, ...xs) * 1.05],
      label: `score level (${view.score})`,
      labelAnchor: "center",
      labelOffset: 34,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    y: {
      type: "log",
      domain: [floor, 1],
      label: "P(score > level)",
      labelAnchor: "center",
      labelOffset: 62,
      grid: true,
      ticks: 5,
      tickFormat: (v: number) => formatNumber(v),
    },
    marks: [
      Plot.ruleX([view.level], { stroke: EVENT, strokeDasharray: "5,3", strokeWidth: 1.2 }),
      Plot.line(rows, {
        x: "level",
        y: "probability",
        z: "replica",
        stroke: REPLICA,
        strokeOpacity: 0.7,
        strokeWidth: 1.3,
        curve: "step-after",
        clip: true,
      }),
      Plot.ruleX(point, { x: "x", y1: "lo", y2: "hi", stroke: SPIRAL_RED, strokeWidth: 2 }),
      Plot.dot(point, { x: "x", y: "y", r: 5, fill: SPIRAL_RED, stroke: "white" }),
      // No replica reached the event: the interval's upper end, from the floor up.
      Plot.ruleX(reached || !(view.upper !== null && view.upper > 0) ? [] : [view.upper], {
        x: () => view.level,
        y1: () => floor,
        y2: (d: number) => d,
        stroke: SPIRAL_RED,
        strokeWidth: 2,
        strokeDasharray: "4,3",
      }),
      Plot.dot(reached || !(view.upper !== null && view.upper > 0) ? [] : [view.upper], {
        x: () => view.level,
        y: (d: number) => d,
        r: 4,
        fill: "white",
        stroke: SPIRAL_RED,
        strokeWidth: 2,
      }),
      Plot.text([view.level], {
        x: (d: number) => d,
        frameAnchor: "top",
        dy: 4,
        dx: -4,
        text: () => eventLabel(view),
        textAnchor: "end",
        fill: EVENT,
        fontSize: 11,
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    ],
  }) as SVGSVGElement;
  return chart.finish(svg);
}

/**
 * The charts of a rare-event estimate, as the dashboard shows them and
 * `tokensim plot` writes them: the splitting levels by iteration
 * (`rare-levels`) and the replicas' running estimates by level (`rare-tail`).
 */
export function rareChartSet(view: RareView): NamedChart[] {
  return [
    { name: "rare-levels", title: "Splitting levels", draw: (opts) => levelsChart(view, opts) },
    {
      name: "rare-tail",
      title: "Running estimate by level",
      draw: (opts) => tailChart(view, opts),
    },
  ];
}
