import type { AnalysisData } from "../data/analysis.ts";
import { morrisPlane, regionMap, regionParameters, sobolBars } from "./analysisCharts.ts";
import type { DrawOptions } from "./frame.ts";

/** One chart of a set: its file name (no extension), its title, and how to draw it. */
export interface NamedChart {
  name: string;
  title: string;
  draw(opts: DrawOptions): SVGSVGElement;
}

/**
 * The charts of a sweep's analysis, as `tokensim plot` writes them and the
 * dashboard shows them: per outcome its Sobol index bars (a saltelli sweep
 * with a finite ST) or its Morris plane (a morris sweep), then the rule list's
 * parameter-region map (with `--require`, over two numeric parameters).
 */
export function analysisCharts(data: AnalysisData): NamedChart[] {
  const { analysis: a, param } = data;
  const confidence = a.bootstrap.confidence;
  const charts: NamedChart[] = [];
  for (const o of a.outcomes) {
    const outcome = data.outcome(o.name);
    const sobol = o.sobol;
    if (sobol?.indices.some((i) => Number.isFinite(i.ST)))
      charts.push({
        name: `sobol-${o.name}`,
        title: `Sobol indices: ${outcome.name}`,
        draw: (opts) => sobolBars({ outcome, sobol, samples: a.samples, confidence, param }, opts),
      });
    const effects = o.morris;
    if (effects?.some((e) => Number.isFinite(e.muStar)))
      charts.push({
        name: `morris-${o.name}`,
        title: `Morris screening: ${outcome.name}`,
        draw: (opts) =>
          morrisPlane({ outcome, effects, samples: a.samples, confidence, param }, opts),
      });
  }
  const numeric = (key: string) =>
    data.points.every((p) => Number.isFinite(Number(p[key])) && typeof p[key] !== "boolean");
  const rules = a.rules;
  const pair = rules ? regionParameters(rules, a.parameters, numeric) : undefined;
  if (rules && pair)
    charts.push({
      name: "rules-region",
      title: "Which settings pass",
      draw: (opts) =>
        regionMap(
          { rules, x: pair[0], y: pair[1], points: data.points, logScale: data.logScale, param },
          opts,
        ),
    });
  return charts;
}
