import * as Plot from "@observablehq/plot";
import type { MorrisEffect } from "../../engine/analysis/morrisEffects.ts";
import type { RuleAnalysis } from "../../engine/analysis/ruleAnalysis.ts";
import type { Rule } from "../../engine/analysis/rules.ts";
import type { SobolResult } from "../../engine/analysis/saltelliAnalysis.ts";
import { tickFormat } from "./format.ts";
import {
  chartWidth,
  type DrawOptions,
  marginTopFor,
  PALETTE,
  studyChart,
  titled,
  wrapExtra,
} from "./frame.ts";

/** A parameter or an outcome as an axis names it: `name (unit)`. */
interface Named {
  name: string;
  unit: string;
}

const withUnit = (n: Named) => (n.unit ? `${n.name} (${n.unit})` : n.name);

/** These headers hold data-dependent text (rule text, convergence advice): they always wrap to the chart's width. */
const wrapping = (fit: { width: number; wrapped: boolean }) => ({ ...fit, wrapped: true });

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);

/** Room left of the frame for parameter names at 11 px (about 6.4 px a character). */
const leftFor = (labels: readonly string[]) =>
  Math.min(300, 16 + 6.4 * Math.max(8, ...labels.map((l) => l.length)));

/** The colours of the two indices. */
const S1_COLOR = PALETTE[0];
const ST_COLOR = PALETTE[1];

export interface SobolBarsInput {
  outcome: Named;
  sobol: SobolResult;
  /** Base rows N. */
  samples: number;
  confidence: number;
  param(key: string): Named;
}

/**
 * Sobol index bars of one outcome: per parameter (sorted by ST, largest on
 * top) its total-order index ST and first-order index S1 as bars with their
 * bootstrap interval as whiskers, all clamped to [0, 1] (an estimate may stray
 * outside at small N); the convergence check's warning as the note when N is
 * too small.
 */
export function sobolBars(input: SobolBarsInput, opts: DrawOptions): SVGSVGElement {
  const rows = input.sobol.indices
    .filter((i) => Number.isFinite(i.ST))
    .sort((a, b) => b.ST - a.ST || a.parameter.localeCompare(b.parameter));
  const label = (p: string) => withUnit(input.param(p));
  const ys = rows.map((r) => label(r.parameter));
  const bars = rows.flatMap((r) => [
    {
      y: label(r.parameter),
      index: "ST",
      value: clamp01(r.ST),
      lo: clamp01(r.STLow),
      hi: clamp01(r.STHigh),
    },
    {
      y: label(r.parameter),
      index: "S1",
      value: clamp01(r.S1),
      lo: clamp01(r.S1Low),
      hi: clamp01(r.S1High),
    },
  ]);
  const title = `Sobol indices: ${input.outcome.name}`;
  const conv = input.sobol.convergence;
  const note = conv && !conv.converged ? conv.message : undefined;
  const subtitle = `${withUnit(input.outcome)} · N = ${input.samples} base rows · ${Math.round(input.confidence * 100)}% bootstrap intervals · sorted by ST`;
  const legend = [
    { label: "ST (total order)", color: ST_COLOR },
    { label: "S1 (first order)", color: S1_COLOR },
  ];
  const fit = wrapping(chartWidth(opts, 640));
  const extra = wrapExtra(fit, { title, subtitle, legend, note });
  const row = 40;
  const marginTop = marginTopFor(note) + extra;
  const marginBottom = 44;
  const height = opts.height ?? marginTop + marginBottom + row * Math.max(1, ys.length);
  // Each parameter's band: ST in its upper half, S1 in its lower half.
  const band = (height - marginTop - marginBottom) / Math.max(1, ys.length);
  const padding = 0.15;
  const half = (band * (1 - padding)) / 2;
  const offset = (index: string) => (index === "ST" ? -half / 2 : half / 2);
  const svg = Plot.plot({
    document: opts.document,
    width: fit.width,
    height,
    marginTop,
    marginBottom,
    marginLeft: leftFor(ys),
    marginRight: 16,
    x: {
      domain: [0, 1],
      label: "index (share of the outcome's variance)",
      labelAnchor: "center",
      labelOffset: 34,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    y: { domain: ys, label: null, padding, tickSize: 0 },
    marks: [
      ...(["ST", "S1"] as const).map((index) =>
        Plot.barX(
          bars.filter((b) => b.index === index),
          {
            x: "value",
            y: "y",
            fill: index === "ST" ? ST_COLOR : S1_COLOR,
            insetTop: index === "ST" ? 0 : half,
            insetBottom: index === "ST" ? half : 0,
          },
        ),
      ),
      ...(["ST", "S1"] as const).map((index) =>
        Plot.ruleY(
          bars.filter((b) => b.index === index),
          { y: "y", x1: "lo", x2: "hi", stroke: "#222", strokeWidth: 1.5, dy: offset(index) },
        ),
      ),
      ...(["ST", "S1"] as const).flatMap((index) =>
        (["lo", "hi"] as const).map((end) =>
          Plot.tickX(
            bars.filter((b) => b.index === index),
            {
              x: end,
              y: "y",
              stroke: "#222",
              strokeWidth: 1.5,
              insetTop: index === "ST" ? half * 0.25 : half * 1.25,
              insetBottom: index === "ST" ? half * 1.25 : half * 0.25,
            },
          ),
        ),
      ),
      Plot.ruleX([0]),
    ],
  }) as SVGSVGElement;
  return titled(svg, opts.document, title, subtitle, legend, note, fit.wrapped);
}

export interface MorrisPlaneInput {
  outcome: Named;
  effects: MorrisEffect[];
  /** Trajectories r. */
  samples: number;
  confidence: number;
  param(key: string): Named;
}

/**
 * The Morris plane of one outcome: per parameter a labelled dot at mu* (x,
 * mean absolute elementary effect) and sigma (y, their standard deviation),
 * with mu*'s bootstrap interval as a horizontal whisker, and the line
 * sigma = mu* (above it: effects that change with the other parameters).
 */
export function morrisPlane(input: MorrisPlaneInput, opts: DrawOptions): SVGSVGElement {
  const rows = input.effects
    .filter((e) => Number.isFinite(e.muStar) && Number.isFinite(e.sigma))
    .map((e) => ({
      ...e,
      lo: Number.isFinite(e.muStarLow) ? e.muStarLow : e.muStar,
      hi: Number.isFinite(e.muStarHigh) ? e.muStarHigh : e.muStar,
      label: input.param(e.parameter).name,
    }));
  const xMax = Math.max(1e-12, ...rows.map((r) => r.hi)) * 1.08;
  const yMax = Math.max(1e-12, ...rows.map((r) => r.sigma)) * 1.12;
  const unit = input.outcome.unit;
  const title = `Morris screening: ${input.outcome.name}`;
  const subtitle = `${withUnit(input.outcome)} · r = ${input.samples} trajectories · whiskers: ${Math.round(input.confidence * 100)}% bootstrap interval of mu* · dashed: sigma = mu*`;
  const chart = studyChart(opts, { title, subtitle, legend: [] }, 380);
  const per = unit ? `${unit} per unit range` : "per unit range";
  const diag = Math.min(xMax, yMax);
  const svg = Plot.plot({
    ...chart.plot,
    x: {
      domain: [0, xMax],
      label: `mu*: mean |elementary effect| (${per})`,
      labelAnchor: "center",
      labelOffset: 34,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    y: {
      domain: [0, yMax],
      label: `sigma: std. dev. of effects (${per})`,
      labelAnchor: "center",
      labelOffset: 52,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    marks: [
      Plot.link([0], {
        x1: 0,
        y1: 0,
        x2: diag,
        y2: diag,
        stroke: "#999",
        strokeDasharray: "4,3",
      }),
      Plot.ruleY(rows, { y: "sigma", x1: "lo", x2: "hi", stroke: PALETTE[0], strokeWidth: 1.5 }),
      Plot.dot(rows, { x: "muStar", y: "sigma", r: 4, fill: PALETTE[0], stroke: "white" }),
      // Names right of their dot, or left of it in the right half (inside the frame).
      ...[false, true].map((right) =>
        Plot.text(
          rows.filter((r) => r.muStar > xMax / 2 === right),
          {
            x: "muStar",
            y: "sigma",
            text: "label",
            dx: right ? -7 : 7,
            dy: -9,
            fontSize: 11,
            fill: "#222",
            stroke: "white",
            strokeWidth: 3,
            paintOrder: "stroke",
            textAnchor: right ? "end" : "start",
          },
        ),
      ),
      Plot.ruleX([0]),
      Plot.ruleY([0]),
    ],
  }) as SVGSVGElement;
  return chart.finish(svg);
}

/** Colours of the points' labels. */
const LABEL_COLORS = { pass: "#59a14f", fail: "#f28e2b", inconclusive: "#9a9a9a" } as const;

/**
 * The two parameters the rules use most (by conditions, then by points
 * covered), numeric ones only, filled from the swept parameters in order;
 * undefined with fewer than two numeric parameters.
 */
export function regionParameters(
  rules: RuleAnalysis,
  parameters: readonly string[],
  numeric: (key: string) => boolean,
): [string, string] | undefined {
  const score = new Map<string, number>();
  for (const rule of rules.rules)
    for (const c of rule.conditions)
      score.set(c.parameter, (score.get(c.parameter) ?? 0) + 1 + rule.points / 1e6);
  const order = parameters
    .filter(numeric)
    .sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0));
  return order.length >= 2 ? [order[0]!, order[1]!] : undefined;
}

export interface RegionMapInput {
  rules: RuleAnalysis;
  /** The two parameters on x and y. */
  x: string;
  y: string;
  /** Each point's parameter values, by point index. */
  points: Record<string, string | number | boolean>[];
  /** Parameters on a log scale. */
  logScale: ReadonlySet<string>;
  param(key: string): Named;
}

/** A rule's box on two parameters: its bounds on each (open sides to the edges), whether it bounds others. */
function ruleBox(rule: Rule, x: string, y: string) {
  const bound = (key: string) => {
    let lo = Number.NEGATIVE_INFINITY;
    let hi = Number.POSITIVE_INFINITY;
    for (const c of rule.conditions)
      if (c.parameter === key && c.op === ">=") lo = Math.max(lo, c.threshold);
      else if (c.parameter === key && c.op === "<") hi = Math.min(hi, c.threshold);
    return [lo, hi] as const;
  };
  return {
    x: bound(x),
    y: bound(y),
    others: rule.conditions.some((c) => c.parameter !== x && c.parameter !== y),
  };
}

/**
 * The parameter-region map of a rule list: each point at its values of the
 * two parameters the rules use most, coloured pass, fail or inconclusive, and
 * each pass rule's box (its bounds on these two parameters; dashed when it
 * bounds other parameters too).
 */
export function regionMap(input: RegionMapInput, opts: DrawOptions): SVGSVGElement {
  const { rules } = input;
  const pts = input.points.map((p, i) => ({
    x: Number(p[input.x]),
    y: Number(p[input.y]),
    label: rules.labels[i] ?? "inconclusive",
  }));
  const span = (vs: number[], log: boolean): [number, number] => {
    const f = vs.filter((v) => Number.isFinite(v) && (!log || v > 0));
    const lo = Math.min(...f);
    const hi = Math.max(...f);
    if (log) return [lo / 1.15, hi * 1.15];
    const pad = (hi - lo || Math.abs(hi) || 1) * 0.04;
    return [lo - pad, hi + pad];
  };
  const xLog = input.logScale.has(input.x);
  const yLog = input.logScale.has(input.y);
  const xd = span(
    pts.map((p) => p.x),
    xLog,
  );
  const yd = span(
    pts.map((p) => p.y),
    yLog,
  );
  const boxes = rules.rules
    .filter((r) => r.prediction === "pass")
    .map((r) => ({ rule: r, ...ruleBox(r, input.x, input.y) }))
    .map((b) => ({
      x1: Math.max(xd[0], b.x[0]),
      x2: Math.min(xd[1], b.x[1]),
      y1: Math.max(yd[0], b.y[0]),
      y2: Math.min(yd[1], b.y[1]),
      others: b.others,
      text: b.rule.text,
    }));
  const counts = `${rules.pass} pass · ${rules.fail} fail · ${rules.inconclusive} inconclusive`;
  const keeps = rules.rules.find((r) => r.prediction === "pass");
  const title = "Which settings pass";
  const subtitle = `${rules.requirements.map((r) => r.statement).join(" and ")} · ${counts} · boxes: keeps rules`;
  const pct = (a: { accuracy: number } | null) => (a ? `${Math.round(a.accuracy * 100)}%` : "none");
  const note = keeps
    ? `keeps: ${keeps.text || "every point"} (accuracy ${pct(rules.training)}, cross-validated ${pct(rules.crossValidation)})`
    : "no setting passes";
  const legend = (["pass", "fail", "inconclusive"] as const).map((l) => ({
    label: l,
    color: LABEL_COLORS[l],
  }));
  const chart = studyChart(opts, { title, subtitle, legend, note }, 400);
  const svg = Plot.plot({
    ...chart.plot,
    x: {
      type: xLog ? "log" : "linear",
      domain: xd,
      label: withUnit(input.param(input.x)),
      labelAnchor: "center",
      labelOffset: 34,
      tickFormat: tickFormat("number"),
    },
    y: {
      type: yLog ? "log" : "linear",
      domain: yd,
      label: withUnit(input.param(input.y)),
      labelAnchor: "center",
      labelOffset: 52,
      tickFormat: tickFormat("number"),
    },
    marks: [
      ...[false, true].map((others) =>
        Plot.rect(
          boxes.filter((b) => b.others === others),
          {
            x1: "x1",
            x2: "x2",
            y1: "y1",
            y2: "y2",
            fill: LABEL_COLORS.pass,
            fillOpacity: 0.1,
            stroke: LABEL_COLORS.pass,
            strokeWidth: 1.5,
            ...(others ? { strokeDasharray: "5,3" } : {}),
          },
        ),
      ),
      Plot.dot(pts, {
        x: "x",
        y: "y",
        r: 3.5,
        fill: (p: (typeof pts)[number]) =>
          p.label === "inconclusive" ? "white" : LABEL_COLORS[p.label],
        stroke: (p: (typeof pts)[number]) => LABEL_COLORS[p.label],
        strokeWidth: 1.2,
      }),
    ],
  }) as SVGSVGElement;
  return chart.finish(svg);
}
