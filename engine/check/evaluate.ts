import { mean as meanOf, quantileSorted } from "simple-statistics";
import type { Rng } from "../rng/source.ts";
import {
  bootstrapInterval,
  clopperPearsonInterval,
  type Interval,
  wilsonInterval,
} from "./intervals.ts";
import type { Assertion } from "./spec.ts";

/** pass: the whole interval is on the right side; fail: on the wrong side; inconclusive: it straddles. */
type Verdict = "pass" | "fail" | "inconclusive";

/** An assertion's outcome over the runs so far. */
export interface AssertionResult {
  name: string;
  /** Human form, e.g. "P(activeRatioDay365 < 0.5) < 0.05". */
  statement: string;
  verdict: Verdict;
  estimate: number;
  interval: Interval;
  runs: number;
  confidence: number;
  method: string;
}

/** The assertion in words, e.g. `P(maxDrawdownPct > 50) < 0.1` or `p95(recoveryDays) < 30`. */
function describeAssertion(a: Assertion): string {
  const bound = a.lessThan !== undefined ? `< ${a.lessThan}` : `> ${a.greaterThan}`;
  if (a.stat === "probability") {
    const e = a.event!;
    const ev = e.below !== undefined ? `${a.metric} < ${e.below}` : `${a.metric} > ${e.above}`;
    return `P(${ev}) ${bound}`;
  }
  if (a.stat === "quantile") return `${a.q === 0.5 ? "median" : `q${a.q}`}(${a.metric}) ${bound}`;
  return `mean(${a.metric}) ${bound}`;
}

function decide(a: Assertion, interval: Interval): Verdict {
  if (a.lessThan !== undefined) {
    if (interval.upper < a.lessThan) return "pass";
    if (interval.lower >= a.lessThan) return "fail";
    return "inconclusive";
  }
  const t = a.greaterThan!;
  if (interval.lower > t) return "pass";
  if (interval.upper <= t) return "fail";
  return "inconclusive";
}

/**
 * Evaluates one assertion over per-run values with a confidence interval:
 * Wilson or Clopper-Pearson for probabilities, a percentile bootstrap (seeded)
 * for quantiles and means.
 */
export function evaluateAssertion(
  a: Assertion,
  values: readonly number[],
  confidence: number,
  probabilityInterval: "wilson" | "clopper-pearson",
  rng: Rng,
): AssertionResult {
  const base = { name: a.name, statement: describeAssertion(a), runs: values.length, confidence };
  if (a.stat === "probability") {
    const e = a.event!;
    const k = values.filter((v) => (e.below !== undefined ? v < e.below : v > e.above!)).length;
    const n = values.length;
    const interval =
      probabilityInterval === "wilson"
        ? wilsonInterval(k, n, confidence)
        : clopperPearsonInterval(k, n, confidence);
    return {
      ...base,
      verdict: decide(a, interval),
      estimate: n > 0 ? k / n : Number.NaN,
      interval,
      method: probabilityInterval,
    };
  }
  const finite = values.filter(Number.isFinite);
  const statistic =
    a.stat === "quantile"
      ? (sorted: number[]) => quantileSorted(sorted, a.q!)
      : (sorted: number[]) => meanOf(sorted);
  const sorted = [...finite].sort((x, y) => x - y);
  const estimate = sorted.length > 0 ? statistic(sorted) : Number.NaN;
  const interval = bootstrapInterval(finite, statistic, confidence, rng);
  return {
    ...base,
    verdict: sorted.length > 0 ? decide(a, interval) : "inconclusive",
    estimate,
    interval,
    method: "bootstrap",
  };
}
