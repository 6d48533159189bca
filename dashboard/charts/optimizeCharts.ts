import * as Plot from "@observablehq/plot";
import type { OptimizeView } from "../data/optimizeView.ts";
import { formatNumber, tickFormat } from "./format.ts";
import { type DrawOptions, PALETTE, studyChart } from "./frame.ts";

/** Colours: the best line and the finalists, the chosen point, the search's candidates. */
const BEST = PALETTE[0];
const CHOSEN = PALETTE[1];
const SEARCH = "#9a9a9a";

const sense = (s: "min" | "max") => (s === "min" ? "minimised" : "maximised");

/** A small domain around finite values, padded by 6% (a single value gets ±1, or ±6%). */
function padded(values: readonly (number | null)[]): [number, number] {
  const f = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (f.length === 0) return [0, 1];
  const lo = Math.min(...f);
  const hi = Math.max(...f);
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.06;
  return [lo - pad, hi + pad];
}

/** Input of {@link convergenceChart}. */
export interface ConvergenceInput {
  view: OptimizeView;
  /** Which objective (index into view.objectives). */
  objective: number;
  /** The finalist marked (index into view.finalists); default view.chosen. */
  chosen?: number | null;
}

/**
 * One objective's convergence by generation: every evaluated candidate of the
 * search (filled: feasible; hollow: not) at its estimate on its own runs, each
 * generation's best feasible estimate, the best so far as a step line, and the
 * chosen finalist's estimate on fresh seeds as a dashed line.
 */
export function convergenceChart(input: ConvergenceInput, opts: DrawOptions): SVGSVGElement {
  const { view, objective: k } = input;
  const goal = view.objectives[k]!;
  const rows = view.convergence[k] ?? [];
  const chosenIndex = input.chosen === undefined ? view.chosen : input.chosen;
  const chosen = chosenIndex === null ? undefined : view.finalists[chosenIndex];
  const chosenY = chosen?.objectives[k]?.estimate ?? null;
  const pts = view.candidates
    .filter((c) => c.objectives[k] !== null)
    .map((c) => ({ x: c.generation, y: c.objectives[k]!, feasible: c.feasible }));
  const best = rows.filter((r) => r.best !== null);
  const soFar = rows.filter((r) => r.bestSoFar !== null);
  const title = `Convergence: ${goal.statistic}`;
  const subtitle = `${sense(goal.sense)} · ${view.algorithm} · ${rows.length} generation${rows.length === 1 ? "" : "s"} · ${pts.length} candidates on their own runs (filled: feasible) · step line: best feasible so far · dashed: the chosen finalist on fresh seeds`;
  const note =
    pts.length === 0
      ? "no evaluated candidate in history.arrow: nothing to draw"
      : best.length === 0
        ? "no feasible candidate in any generation"
        : undefined;
  const legend = [
    { label: "best so far", color: BEST },
    { label: "candidate", color: SEARCH },
    ...(chosenY !== null ? [{ label: "chosen", color: CHOSEN }] : []),
  ];
  // Data-dependent header text: it always wraps to the chart's width.
  const chart = studyChart(opts, { title, subtitle, legend, note }, 340);
  const lastGen = Math.max(0, rows.length - 1);
  const svg = Plot.plot({
    ...chart.plot,
    x: {
      domain: [-0.3, lastGen + 0.3],
      label: "generation",
      labelAnchor: "center",
      labelOffset: 34,
      ticks: Array.from({ length: lastGen + 1 }, (_, g) => g).filter(
        (g) => lastGen <= 12 || g % Math.ceil(lastGen / 12) === 0,
      ),
      tickFormat: (g: number) => String(g),
    },
    y: {
      domain: padded([...pts.map((p) => p.y), chosenY]),
      label: goal.statistic,
      labelAnchor: "center",
      labelOffset: 52,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    marks: [
      Plot.dot(pts, {
        x: "x",
        y: "y",
        r: 2.5,
        fill: (p: (typeof pts)[number]) => (p.feasible ? SEARCH : "white"),
        stroke: SEARCH,
      }),
      Plot.line(soFar, {
        x: "generation",
        y: "bestSoFar",
        stroke: BEST,
        strokeWidth: 2,
        curve: "step-after",
      }),
      Plot.dot(best, { x: "generation", y: "best", r: 3.5, fill: BEST, stroke: "white" }),
      ...(chosenY !== null
        ? [
            Plot.ruleY([chosenY], { stroke: CHOSEN, strokeWidth: 1.5, strokeDasharray: "5,3" }),
            Plot.text([chosenY], {
              y: (d: number) => d,
              frameAnchor: "right",
              dx: -4,
              // On the side away from the best-so-far line (optimistic: above for max, below for min).
              dy: goal.sense === "max" ? 13 : -7,
              text: (d: number) => `chosen: ${formatNumber(d)}`,
              fill: CHOSEN,
              fontSize: 11,
              textAnchor: "end",
              stroke: "white",
              strokeWidth: 3,
              paintOrder: "stroke",
            }),
          ]
        : []),
    ],
  }) as SVGSVGElement;
  return chart.finish(svg);
}

/** Input of {@link paretoChart}. */
export interface ParetoInput {
  view: OptimizeView;
  /** The finalist marked (index into view.finalists); default view.chosen. */
  chosen?: number | null;
}

/**
 * The Pareto front of a study with two or more objectives, on the first two:
 * the search's candidates (grey, their own runs), the finalists re-evaluated
 * on fresh seeds with both intervals as whiskers (hollow: dominated there),
 * the front through the feasible non-dominated ones, and the chosen one ringed.
 */
export function paretoChart(input: ParetoInput, opts: DrawOptions): SVGSVGElement {
  const { view } = input;
  const [gx, gy] = [view.objectives[0]!, view.objectives[1]!];
  const chosenIndex = input.chosen === undefined ? view.chosen : input.chosen;
  const search = view.candidates
    .filter((c) => c.objectives[0] !== null && c.objectives[1] !== null)
    .map((c) => ({ x: c.objectives[0]!, y: c.objectives[1]!, feasible: c.feasible }));
  const fin = view.finalists
    .map((f, i) => ({
      i,
      x: f.objectives[0]?.estimate ?? null,
      y: f.objectives[1]?.estimate ?? null,
      xLo: f.objectives[0]?.lower ?? null,
      xHi: f.objectives[0]?.upper ?? null,
      yLo: f.objectives[1]?.lower ?? null,
      yHi: f.objectives[1]?.upper ?? null,
      front: f.feasible && !f.dominated,
    }))
    .filter((f) => f.x !== null && f.y !== null);
  const front = fin.filter((f) => f.front).sort((a, b) => a.x! - b.x!);
  const chosen = fin.filter((f) => f.i === chosenIndex);
  const arrow = (s: "min" | "max") => (s === "min" ? "lower is better" : "higher is better");
  const title = "Pareto front";
  const subtitle = `x ${arrow(gx.sense)}, y ${arrow(gy.sense)} · finalists on fresh seeds, ${Math.round(view.confidence * 100)}% intervals (hollow: dominated) · grey: search candidates, own runs`;
  const others = view.objectives.length > 2 ? view.objectives.length - 2 : 0;
  const note =
    fin.length === 0
      ? "no finalist with finite estimates: nothing to draw"
      : others > 0
        ? `${others} more objective${others === 1 ? "" : "s"} not shown: see the table`
        : undefined;
  const legend = [
    { label: "front", color: BEST },
    { label: "candidate", color: SEARCH },
    ...(chosen.length ? [{ label: "chosen", color: CHOSEN }] : []),
  ];
  // Data-dependent header text: it always wraps to the chart's width.
  const chart = studyChart(opts, { title, subtitle, legend, note }, 400);
  const svg = Plot.plot({
    ...chart.plot,
    x: {
      domain: padded([...search.map((p) => p.x), ...fin.flatMap((f) => [f.xLo, f.xHi, f.x])]),
      label: gx.statistic,
      labelAnchor: "center",
      labelOffset: 34,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    y: {
      domain: padded([...search.map((p) => p.y), ...fin.flatMap((f) => [f.yLo, f.yHi, f.y])]),
      label: gy.statistic,
      labelAnchor: "center",
      labelOffset: 52,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    marks: [
      Plot.dot(search, {
        x: "x",
        y: "y",
        r: 2.5,
        fill: (p: (typeof search)[number]) => (p.feasible ? SEARCH : "white"),
        stroke: SEARCH,
      }),
      Plot.line(front, { x: "x", y: "y", stroke: BEST, strokeWidth: 1.5 }),
      Plot.ruleY(
        fin.filter((f) => f.xLo !== null && f.xHi !== null),
        { y: "y", x1: "xLo", x2: "xHi", stroke: BEST, strokeWidth: 1.2 },
      ),
      Plot.ruleX(
        fin.filter((f) => f.yLo !== null && f.yHi !== null),
        { x: "x", y1: "yLo", y2: "yHi", stroke: BEST, strokeWidth: 1.2 },
      ),
      Plot.dot(fin, {
        x: "x",
        y: "y",
        r: 4,
        fill: (f: (typeof fin)[number]) => (f.front ? BEST : "white"),
        stroke: BEST,
        strokeWidth: 1.5,
      }),
      Plot.dot(chosen, { x: "x", y: "y", r: 8, stroke: CHOSEN, strokeWidth: 2.5 }),
      Plot.text(chosen, {
        x: "x",
        y: "y",
        text: () => "chosen",
        dy: -14,
        fill: CHOSEN,
        fontSize: 11,
        fontWeight: "bold",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    ],
  }) as SVGSVGElement;
  return chart.finish(svg);
}
