import * as Plot from "@observablehq/plot";
import type { StressView, TrajectoryPair } from "../data/stressView.ts";
import { formatNumber, tickFormat } from "./format.ts";
import { type DrawOptions, PALETTE, SPIRAL_RED, studyChart } from "./frame.ts";

const FRONT = PALETTE[0];
const SEARCH = "#9a9a9a";
const THRESHOLD = PALETTE[1];

/**
 * The stress frontier: shock cost (USD, by the stated measure) against
 * P(death spiral). Every shock the search evaluated in grey (on its own
 * runs), the frontier (no cheaper shock with as high a P(spiral)) as a step
 * line with its Wilson intervals as whiskers, the minimal shocks re-evaluated
 * on fresh seeds as diamonds, the breaking point ringed in red, and the target
 * p as a dashed line.
 */
export function frontierChart(view: StressView, opts: DrawOptions): SVGSVGElement {
  const est = (p: { pSpiral: { estimate: number | null } }) => p.pSpiral.estimate !== null;
  const search = view.candidates.filter(est).map((c) => ({ x: c.costUsd, y: c.pSpiral.estimate! }));
  const front = view.frontier.filter(est).map((f) => ({
    x: f.costUsd,
    y: f.pSpiral.estimate!,
    lo: f.pSpiral.lower,
    hi: f.pSpiral.upper,
  }));
  const minimal = view.minimal
    .map((m, i) => ({
      i,
      x: m.costUsd,
      y: m.pSpiral.estimate,
      lo: m.pSpiral.lower,
      hi: m.pSpiral.upper,
    }))
    .filter((m) => m.y !== null && Number.isFinite(m.x));
  const bp = minimal.filter((m) => m.i === view.breakingPoint);
  const pct = Math.round(view.confidence * 100);
  const title = "Stress frontier";
  const subtitle = `shock cost against P(death spiral) · ${view.families.join(" + ")} shocks · ${search.length || view.frontier.length} evaluated · whiskers: ${pct}% Wilson intervals · dashed: target p`;
  const note =
    front.length === 0 && search.length === 0
      ? "no evaluated shock: nothing to draw"
      : view.breakingPoint === null
        ? `no shock reached P(spiral) ≥ ${formatNumber(view.p)} on fresh seeds (no breaking point within the ranges)`
        : undefined;
  const legend = [
    { label: "frontier", color: FRONT },
    { label: "searched", color: SEARCH },
    { label: "minimal", color: THRESHOLD },
    ...(bp.length ? [{ label: "breaking point", color: SPIRAL_RED }] : []),
  ];
  // Data-dependent header text: it always wraps to the chart's width.
  const chart = studyChart(opts, { title, subtitle, legend, note }, 380);
  const xs = [...search, ...front, ...minimal].map((p) => p.x);
  const xMax = Math.max(1, ...xs) * 1.06;
  const xMin = Math.min(0, ...xs);
  const whiskers = [...front, ...minimal].filter((p) => p.lo !== null && p.hi !== null);
  // The breaking point's label, on the side of the ring with room for it (about 7 px a
  // character of 11 px bold text); on a narrow chart without the words (the legend says them).
  const frame = chart.width - 64 - 24;
  const at = bp[0] ? ((bp[0].x - xMin) / (xMax - xMin)) * frame : 0;
  const long = bp[0] ? `breaking point: ${formatNumber(bp[0].x)} USD` : "";
  const fits = (text: string) => Math.max(frame - at, at) >= text.length * 7 + 16;
  const label = fits(long) ? long : bp[0] ? `${formatNumber(bp[0].x)} USD` : "";
  const labelRight = frame - at >= label.length * 7 + 16 || frame - at >= at;
  const svg = Plot.plot({
    ...chart.plot,
    x: {
      domain: [xMin, xMax],
      label: "shock cost (USD)",
      labelAnchor: "center",
      labelOffset: 34,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    y: {
      domain: [0, 1],
      label: "P(death spiral)",
      labelAnchor: "center",
      labelOffset: 52,
      grid: true,
      tickFormat: tickFormat("percent"),
    },
    marks: [
      Plot.ruleY([view.p], { stroke: THRESHOLD, strokeDasharray: "5,3", strokeWidth: 1.2 }),
      Plot.text([view.p], {
        y: (d: number) => d,
        frameAnchor: "left",
        dx: 4,
        dy: -7,
        text: (d: number) => `p = ${formatNumber(d)}`,
        fill: THRESHOLD,
        fontSize: 11,
        textAnchor: "start",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
      Plot.dot(search, { x: "x", y: "y", r: 2.5, stroke: SEARCH, fill: "white" }),
      Plot.line(front, { x: "x", y: "y", stroke: FRONT, strokeWidth: 1.5, curve: "step-after" }),
      Plot.ruleX(whiskers, { x: "x", y1: "lo", y2: "hi", stroke: FRONT, strokeWidth: 1.2 }),
      Plot.dot(front, { x: "x", y: "y", r: 4, fill: FRONT, stroke: "white" }),
      Plot.dot(minimal, {
        x: "x",
        y: "y",
        r: 5,
        symbol: "diamond",
        fill: THRESHOLD,
        stroke: "white",
      }),
      Plot.dot(bp, { x: "x", y: "y", r: 9, stroke: SPIRAL_RED, strokeWidth: 2.5 }),
      // The label beside the ring, inside the frame: right of it where the room is there, else
      // left of it; below it near the top.
      Plot.text(bp, {
        x: "x",
        y: "y",
        text: () => label,
        dx: labelRight ? 13 : -13,
        dy: bp[0] && (bp[0].y ?? 0) > 0.85 ? 16 : -14,
        fill: SPIRAL_RED,
        fontSize: 11,
        fontWeight: "bold",
        textAnchor: labelRight ? "start" : "end",
        stroke: "white",
        strokeWidth: 3,
        paintOrder: "stroke",
      }),
    ],
  }) as SVGSVGElement;
  return chart.finish(svg);
}

/** Input of {@link trajectoryChart}: one metric of the breaking point's run and the baseline's. */
export interface TrajectoryInput {
  pair: TrajectoryPair;
  /** Index into pair.series. */
  series: number;
}

/**
 * The breaking point's trajectory next to the baseline's: one metric of the
 * same run (seed and run index: the same random draws) with the breaking
 * point's shock (red) and with every shock off (blue), by day.
 */
export function trajectoryChart(input: TrajectoryInput, opts: DrawOptions): SVGSVGElement {
  const { pair } = input;
  const s = pair.series[input.series]!;
  const rows = pair.days.flatMap((day, i) => [
    { day, value: s.baseline[i] ?? Number.NaN, run: "baseline (no shock)" },
    { day, value: s.shocked[i] ?? Number.NaN, run: "breaking point" },
  ]);
  const title = `Trajectory: ${s.title}`;
  const subtitle = `the breaking point's run ${pair.run} (seed ${pair.seed}) with its shock and with every shock off (baseline): the same random draws · ${s.unit}`;
  const legend = [
    { label: "breaking point", color: SPIRAL_RED },
    { label: "baseline", color: FRONT },
  ];
  const chart = studyChart(opts, { title, subtitle, legend }, 300);
  const values = rows.flatMap((r) => (Number.isFinite(r.value) ? [r.value] : []));
  const svg = Plot.plot({
    ...chart.plot,
    x: {
      label: "day",
      labelAnchor: "center",
      labelOffset: 34,
      tickFormat: tickFormat("number"),
    },
    y: {
      domain: [Math.min(0, ...values), Math.max(1e-9, ...values) * 1.05],
      label: s.unit,
      labelAnchor: "center",
      labelOffset: 52,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    marks: [
      Plot.line(
        rows.filter((r) => r.run !== "breaking point"),
        {
          x: "day",
          y: "value",
          stroke: FRONT,
          strokeWidth: 1.5,
        },
      ),
      Plot.line(
        rows.filter((r) => r.run === "breaking point"),
        {
          x: "day",
          y: "value",
          stroke: SPIRAL_RED,
          strokeWidth: 1.5,
        },
      ),
    ],
  }) as SVGSVGElement;
  return chart.finish(svg);
}
