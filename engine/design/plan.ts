import { ParameterError } from "../errors.ts";
import type { Scenario } from "../scenario.ts";
import type { Axis } from "../sweep/grid.ts";
import {
  type DesignMethod,
  type DesignRequest,
  designAxes,
  type SweepDesign,
  sweepDesign,
} from "./design.ts";
import { checkRanges, parseRange } from "./ranges.ts";

const METHODS = ["lhs", "sobol", "saltelli", "morris", "grid", "zip"] as const;

/**
 * A sweep's design and its points as zipped axes, from the request: checks
 * the method, the ranges (against the scenario, the `--grid`/`--zip` keys and
 * the `--set`s) and that a sampling design is not mixed with grid axes.
 * Returns undefined for `grid` and `zip` (the plain axes), which take no range.
 */
export function planDesign(
  req: DesignRequest,
  scenario: Scenario,
  axisKeys: readonly string[],
  sets: readonly string[],
  rootSeed: number,
): { design: SweepDesign; axes: Axis[] } | undefined {
  if (!(METHODS as readonly string[]).includes(req.method))
    throw new ParameterError(`--design ${req.method}: expected one of ${METHODS.join(", ")}`);
  const specs = req.ranges ?? [];
  if (req.method === "grid" || req.method === "zip") {
    if (specs.length > 0)
      throw new ParameterError(
        `--range needs a sampling design: --design lhs, sobol, saltelli or morris`,
      );
    if (req.samples !== undefined)
      throw new ParameterError(`--samples needs --design lhs, sobol, saltelli or morris`);
    return undefined;
  }
  const method = req.method as DesignMethod;
  const ranges = checkRanges(scenario, specs.map(parseRange), { grid: axisKeys, sets });
  if (axisKeys.length > 0)
    throw new ParameterError(
      `--design ${method} does not combine with --grid/--zip (${axisKeys.join(", ")}); give each parameter a --range, or fix it with --set`,
    );
  const design = sweepDesign(method, ranges, rootSeed, req);
  return { design, axes: designAxes(design) };
}
