import { evaluateAssertion } from "../check/evaluate.ts";
import { createRng } from "../rng/source.ts";
import { type Constraint, type Objective, toAssertion, violation } from "./goals.ts";

/** A statistic's estimate with its confidence interval. */
export interface Estimate {
  estimate: number;
  lower: number;
  upper: number;
  /** wilson for probabilities, bootstrap for means and quantiles. */
  method: string;
}

/** A constraint's estimate and verdict (pass / fail / inconclusive, as in `tokensim check`). */
export interface ConstraintEstimate extends Estimate {
  verdict: "pass" | "fail" | "inconclusive";
}

/** What the optimiser knows of a candidate from its runs. */
export interface Score {
  objectives: Estimate[];
  constraints: ConstraintEstimate[];
  /** Sum of the constraints' relative violations at their estimates (0: feasible). */
  violation: number;
  /** Objectives as values to minimise (maximised ones negated). */
  minimise: number[];
}

/**
 * Scores a candidate's per-run metric values: every objective and constraint
 * with the check's interval machinery (Wilson for probabilities, a seeded
 * percentile bootstrap for means and quantiles). `key` names the bootstrap
 * streams, so the same runs always give the same intervals.
 */
export function scoreRuns(
  metrics: Readonly<Record<string, readonly number[]>>,
  objectives: readonly Objective[],
  constraints: readonly Constraint[],
  confidence: number,
  key: string,
): Score {
  const one = (g: Objective | Constraint, k: string) => {
    const a = toAssertion(g);
    return evaluateAssertion(
      a,
      metrics[a.metric] ?? [],
      confidence,
      "wilson",
      createRng(`tokensim/optimize/bootstrap/${key}/${k}`),
    );
  };
  const objectiveEstimates = objectives.map((o, k) => {
    const r = one(o, `o${k}`);
    return {
      estimate: r.estimate,
      lower: r.interval.lower,
      upper: r.interval.upper,
      method: r.method,
    };
  });
  const constraintEstimates = constraints.map((c, k) => {
    const r = one(c, `c${k}`);
    return {
      estimate: r.estimate,
      lower: r.interval.lower,
      upper: r.interval.upper,
      method: r.method,
      verdict: r.verdict,
    };
  });
  return {
    objectives: objectiveEstimates,
    constraints: constraintEstimates,
    violation: constraints.reduce(
      (s, c, k) => s + violation(c, constraintEstimates[k]!.estimate),
      0,
    ),
    minimise: objectives.map((o, k) => {
      const e = objectiveEstimates[k]!.estimate;
      const v = Number.isNaN(e) ? Number.POSITIVE_INFINITY : e;
      return o.sense === "min" ? v : -v;
    }),
  };
}

/**
 * Deb's feasibility rules for one objective: a feasible candidate beats an
 * infeasible one, two feasible ones compare by objective, two infeasible ones
 * by violation. Negative when `a` is better.
 */
export function compareScores(a: Score, b: Score): number {
  const fa = a.violation === 0;
  const fb = b.violation === 0;
  if (fa !== fb) return fa ? -1 : 1;
  return fa ? order(a.minimise[0]!, b.minimise[0]!) : order(a.violation, b.violation);
}

const order = (x: number, y: number): number => (x < y ? -1 : x > y ? 1 : 0);
