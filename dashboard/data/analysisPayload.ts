import type { SweepAnalysis } from "../../engine/analysis/sweepAnalysis.ts";
import type { AnalysisData } from "./analysis.ts";

/** A parameter's or an outcome's name and unit, as a chart's axis shows it. */
interface AxisName {
  name: string;
  unit: string;
}

/**
 * A sweep's analysis as the server sends it to the page: analysis.json with
 * the points' parameter values, the log-scale parameters, and the axis names
 * of every parameter and outcome (what {@link AnalysisData}'s functions give).
 */
export interface AnalysisPayload {
  analysis: SweepAnalysis;
  points: Record<string, string | number | boolean>[];
  logScale: string[];
  params: Record<string, AxisName>;
  outcomes: Record<string, AxisName>;
}

/** {@link AnalysisData} as plain JSON (for `GET /api/results/:id/analysis`). */
export function toPayload(a: AnalysisData): AnalysisPayload {
  return {
    analysis: a.analysis,
    points: a.points,
    logScale: [...a.logScale].sort(),
    params: Object.fromEntries(a.analysis.parameters.map((k) => [k, a.param(k)])),
    outcomes: Object.fromEntries(a.analysis.outcomes.map((o) => [o.name, a.outcome(o.name)])),
  };
}

/** The page's {@link AnalysisData} from a payload: names not in it are shown as given. */
export function fromPayload(p: AnalysisPayload): AnalysisData {
  return {
    analysis: p.analysis,
    points: p.points,
    logScale: new Set(p.logScale),
    param: (key) => p.params[key] ?? { name: key, unit: "" },
    outcome: (name) => p.outcomes[name] ?? { name, unit: "" },
  };
}
