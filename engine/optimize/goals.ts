import type { Assertion } from "../check/spec.ts";
import { ParameterError } from "../errors.ts";

/** A statistic of one outcome's distribution over runs, as `tokensim check` assertions use. */
interface Statistic {
  stat: "probability" | "quantile" | "mean";
  metric: string;
  q?: number;
  event?: { below?: number; above?: number };
}

/** Minimise or maximise a statistic. */
export interface Objective {
  text: string;
  sense: "min" | "max";
  statistic: Statistic;
}

/** A statistic must stay below or above a threshold. */
export interface Constraint {
  text: string;
  statistic: Statistic;
  lessThan?: number;
  greaterThan?: number;
}

const NUM = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?Infinity`;
const NAME = String.raw`[A-Za-z_$][\w$.]*`;
const STAT_FORMS = "mean(m), median(m), quantile(m,q), probability(m<v) or probability(m>v)";

/** Parses a statistic: `mean(m)`, `median(m)`, `quantile(m,q)`, `probability(m<v)`, `P(m>v)`. */
function parseStatistic(body: string, flag: string, text: string): Statistic {
  const s = body.replace(/\s+/g, "");
  const bad = (why: string) =>
    new ParameterError(`--${flag} ${JSON.stringify(text)}: ${why} (statistics: ${STAT_FORMS})`);
  let m = new RegExp(`^mean\\((${NAME})\\)$`).exec(s);
  if (m) return { stat: "mean", metric: m[1]! };
  m = new RegExp(`^median\\((${NAME})\\)$`).exec(s);
  if (m) return { stat: "quantile", metric: m[1]!, q: 0.5 };
  m = new RegExp(`^quantile\\((${NAME}),(${NUM})\\)$`).exec(s);
  if (m) {
    const q = Number(m[2]);
    if (!(q > 0 && q < 1)) throw bad(`quantile ${m[2]} is not in (0, 1)`);
    return { stat: "quantile", metric: m[1]!, q };
  }
  m = new RegExp(`^(?:probability|P)\\((${NAME})([<>])(${NUM})\\)$`).exec(s);
  if (m) {
    const v = Number(m[3]);
    return {
      stat: "probability",
      metric: m[1]!,
      event: m[2] === "<" ? { below: v } : { above: v },
    };
  }
  throw bad(`cannot read '${body}'`);
}

/** Parses `--objective min:<statistic>` (also minimise/minimize, max/maximise/maximize). */
export function parseObjective(text: string): Objective {
  const m = /^\s*(min|minimi[sz]e|max|maximi[sz]e)\s*:(.*)$/.exec(text);
  if (!m)
    throw new ParameterError(
      `--objective ${JSON.stringify(text)}: expected min:<statistic> or max:<statistic>, e.g. min:probability(spiralled>0)`,
    );
  const sense = m[1]!.startsWith("min") ? "min" : "max";
  return { text: text.trim(), sense, statistic: parseStatistic(m[2]!, "objective", text) };
}

/** Parses `--constraint <statistic> < v` (or `<=`, `>`, `>=`: an interval has no point mass, so `<=` means `<`). */
export function parseConstraint(text: string): Constraint {
  const m = new RegExp(`^(.*\\))\\s*(<=|>=|<|>)\\s*(${NUM})\\s*$`).exec(text.trim());
  if (!m)
    throw new ParameterError(
      `--constraint ${JSON.stringify(text)}: expected <statistic> < value or > value, e.g. quantile(providerRoi,0.5)>=0.2`,
    );
  const statistic = parseStatistic(m[1]!, "constraint", text);
  const v = Number(m[3]);
  const less = m[2]!.startsWith("<");
  if (statistic.stat === "probability" && (less ? v <= 0 : v >= 1))
    throw new ParameterError(
      `--constraint ${JSON.stringify(text)}: a probability cannot be ${m[2]} ${v}`,
    );
  const bound = less ? { lessThan: v } : { greaterThan: v };
  return { text: text.trim(), statistic, ...bound };
}

/** The check assertion a constraint is (objectives use one with no threshold, for the interval). */
export function toAssertion(g: Objective | Constraint): Assertion {
  const bound =
    "sense" in g
      ? { lessThan: Number.POSITIVE_INFINITY }
      : g.lessThan !== undefined
        ? { lessThan: g.lessThan }
        : { greaterThan: g.greaterThan! };
  return { name: g.text, ...g.statistic, ...bound };
}

/**
 * How far an estimate is on the wrong side of a constraint, relative to the
 * threshold's size (floored at 1, so probabilities count in absolute terms).
 */
export function violation(c: Constraint, estimate: number): number {
  if (Number.isNaN(estimate)) return Number.POSITIVE_INFINITY;
  const t = c.lessThan ?? c.greaterThan!;
  const gap = c.lessThan !== undefined ? estimate - t : t - estimate;
  return gap >= 0 ? gap / Math.max(1, Math.abs(t)) : 0;
}
