import { ParameterError } from "../errors.ts";
import { hash53 } from "../rng/seed.ts";
import { createRng } from "../rng/source.ts";
import { latinHypercube } from "./lhs.ts";
import { morrisTrajectories, type Trajectory } from "./morris.ts";
import { type DesignRange, valueAt } from "./ranges.ts";
import { saltelliPoints } from "./saltelli.ts";
import { SOBOL_MAX_DIMENSIONS, sobolPoints } from "./sobol.ts";

/** The sampling designs (grid and zip are the plain axes of `--grid`/`--zip`). */
export type DesignMethod = "lhs" | "sobol" | "saltelli" | "morris";

/** How a design's random choices are made, in words (recorded in the manifest). */
const RANDOMNESS: Record<DesignMethod, string> = {
  sobol:
    "Joe-Kuo (2008) Sobol sequence, linear matrix scramble and digital shift (Matoušek 1998) drawn from Alea(designSeed)",
  saltelli:
    "2d-dimensional Joe-Kuo (2008) Sobol sequence, linear matrix scramble and digital shift (Matoušek 1998) drawn from Alea(designSeed); A = first d columns, B = last d",
  lhs: "Latin hypercube: per dimension a Fisher-Yates shuffle of the strata and a uniform jitter, from Alea(designSeed)",
  morris: "Morris trajectories: base points, directions and factor orders from Alea(designSeed)",
};

/** An experimental design as recorded in a sweep's manifest: enough to rebuild its points. */
export interface SweepDesign {
  method: DesignMethod;
  /** lhs, sobol: points; saltelli: base rows N (N (d + 2) points); morris: trajectories r (r (d + 1) points). */
  samples: number;
  /** The parameters, in the design's column order. */
  ranges: DesignRange[];
  /** Seed of the design's random stream: hash53("tokensim/design/<rootSeed>") mod 2^32. */
  designSeed: number;
  /** How the randomness is used (scramble, shuffles), in words. */
  randomness: string;
  /** Morris: grid levels p. */
  levels?: number;
  /** Morris: trajectories drawn before the r most spread out are kept (Campolongo); absent: none. */
  candidates?: number;
}

/** A design as asked for: method, samples, `--range` specs and Morris options. */
export interface DesignRequest {
  method: DesignMethod | "grid" | "zip";
  samples?: number;
  ranges?: readonly string[];
  levels?: number;
  candidates?: number;
}

/** Samples when none are given: 64 points (lhs, sobol), 64 base rows (saltelli), 10 trajectories (morris). */
const DEFAULT_SAMPLES: Record<DesignMethod, number> = {
  lhs: 64,
  sobol: 64,
  saltelli: 64,
  morris: 10,
};

/** The design seed of a sweep's root seed. */
const designSeed = (rootSeed: number): number => hash53(`tokensim/design/${rootSeed}`) % 2 ** 32;

/** The record of a design on checked ranges. */
export function sweepDesign(
  method: DesignMethod,
  ranges: DesignRange[],
  rootSeed: number,
  opts: Pick<DesignRequest, "samples" | "levels" | "candidates">,
): SweepDesign {
  const samples = opts.samples ?? DEFAULT_SAMPLES[method];
  if (!Number.isSafeInteger(samples) || samples < 2)
    throw new ParameterError(`--samples must be an integer >= 2 (got ${samples})`);
  const d = ranges.length;
  const dims = method === "saltelli" ? 2 * d : d;
  if ((method === "sobol" || method === "saltelli") && dims > SOBOL_MAX_DIMENSIONS)
    throw new ParameterError(
      `--design ${method}: ${d} parameters need ${dims} Sobol dimensions; at most ${SOBOL_MAX_DIMENSIONS} are available`,
    );
  if (method !== "morris" && (opts.levels !== undefined || opts.candidates !== undefined))
    throw new ParameterError("--levels and --candidates belong to --design morris");
  return {
    method,
    samples,
    ranges,
    designSeed: designSeed(rootSeed),
    randomness: RANDOMNESS[method],
    ...(method === "morris" ? { levels: opts.levels ?? 4 } : {}),
    ...(method === "morris" && opts.candidates ? { candidates: opts.candidates } : {}),
  };
}

/** The Morris trajectories of a design (rebuilt the same way from its record). */
export function designTrajectories(design: SweepDesign): Trajectory[] {
  const rng = createRng(String(design.designSeed));
  return morrisTrajectories(
    design.samples,
    design.ranges.length,
    design.levels ?? 4,
    rng,
    design.candidates ?? 0,
  );
}

/** The design's points in the unit cube, one row per sweep point, in point order. */
function unitPoints(design: SweepDesign): Float64Array[] {
  const rng = createRng(String(design.designSeed));
  const { samples: n, ranges } = design;
  const d = ranges.length;
  switch (design.method) {
    case "lhs":
      return latinHypercube(n, d, rng);
    case "sobol":
      return sobolPoints(n, d, rng);
    case "saltelli":
      return saltelliPoints(n, d, rng);
    case "morris":
      return designTrajectories(design).flatMap((t) => t.points);
  }
}

/** The design as zipped axes: one axis per range, its values the design's points mapped to parameter values. */
export function designAxes(design: SweepDesign): { key: string; values: string[] }[] {
  const rows = unitPoints(design);
  return design.ranges.map((r, i) => ({
    key: r.key,
    values: rows.map((x) => String(valueAt(r, x[i]!))),
  }));
}
