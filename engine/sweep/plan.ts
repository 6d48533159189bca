import type { DesignRequest } from "../design/design.ts";
import { planDesign } from "../design/plan.ts";
import { ParameterError } from "../errors.ts";
import { importFile } from "../importFile.ts";
import { sweepRunSeed } from "../rng/seed.ts";
import { loadScenario, resolveParams, type Scenario } from "../scenario.ts";
import { version } from "../version.ts";
import { type Axis, expandPoints, parseAxis } from "./grid.ts";
import { SEED_RULE, type SweepManifest } from "./manifest.ts";
import { type RunTask, scenarioPath, scenarioSha256 } from "./task.ts";

/** A sweep as asked for (the CLI's flags, or a program's call). */
export interface SweepRequest {
  /** Scenario file (relative to the working directory) or bundled name. */
  scenario: string;
  /** Runs per parameter point; default: the scenario's `sweep.runsPerPoint`, else 10. */
  runs?: number;
  /** Cartesian axes, `key=v1,v2,...`; default: the scenario's `sweep.grid` when no axis is given. */
  grid?: readonly string[];
  /** Zipped axes (walked together), `key=v1,v2,...`. */
  zip?: readonly string[];
  /** Overrides applied at every point. */
  sets?: readonly string[];
  /**
   * An experimental design over `--range`s (lhs, sobol, saltelli, morris) instead
   * of grid axes; its points become zipped axes, so every executor, the seed rule
   * and resume apply unchanged. `grid` and `zip` are the plain axes.
   */
  design?: DesignRequest;
  /** Root seed (default 42). */
  seed?: number;
  /** Same random streams for run r at every point (common random numbers). */
  commonRandomNumbers?: boolean;
  /** Keep each run's per-step metrics (default true). */
  keepSteps?: boolean;
  /** Record every k-th step (default 1). */
  recordEvery?: number;
}

/** The `sweep` export a scenario may have: its default axes, as plain data. */
interface ScenarioSweep {
  grid?: Record<string, readonly (string | number | boolean)[]>;
  zip?: Record<string, readonly (string | number | boolean)[]>;
  runsPerPoint?: number;
}

const toAxes = (axes: ScenarioSweep["grid"]): Axis[] =>
  Object.entries(axes ?? {}).map(([key, values]) => ({ key, values: values.map(String) }));

/** The keys of the `--grid` and `--zip` axes as given (malformed ones are reported later). */
const axisKeys = (req: SweepRequest): string[] =>
  [...(req.grid ?? []), ...(req.zip ?? [])].map((a) =>
    a.slice(0, Math.max(0, a.indexOf("="))).trim(),
  );

/** A planned sweep: what it is and every run it consists of, in order. */
export interface SweepPlan {
  manifest: SweepManifest;
  scenario: Scenario;
  tasks: RunTask[];
}

/**
 * Plans a sweep: loads the scenario, expands the axes into points, and checks
 * every point's parameters before anything runs (a bad value is an error
 * naming the point, not a thousand failed runs).
 */
export async function planSweep(req: SweepRequest): Promise<SweepPlan> {
  const scenario = await loadScenario(req.scenario);
  const own = (await importFile(scenarioPath(req.scenario))).sweep as ScenarioSweep | undefined;
  const seed = req.seed ?? 42;
  const sets = [...(req.sets ?? [])];
  const planned = req.design
    ? planDesign(req.design, scenario, axisKeys(req), sets, seed)
    : undefined;
  const flagged = planned !== undefined || (req.grid?.length ?? 0) + (req.zip?.length ?? 0) > 0;
  const grid = flagged ? (req.grid ?? []).map((g) => parseAxis("--grid", g)) : toAxes(own?.grid);
  const zip = planned
    ? planned.axes
    : flagged
      ? (req.zip ?? []).map((z) => parseAxis("--zip", z))
      : toAxes(own?.zip);
  const runs = req.runs ?? own?.runsPerPoint ?? 10;
  if (!Number.isSafeInteger(runs) || runs < 1)
    throw new ParameterError(`runs per point must be a positive integer (got ${runs})`);
  const recordEvery = req.recordEvery ?? 1;
  if (!Number.isSafeInteger(recordEvery) || recordEvery < 1)
    throw new ParameterError(`record-every must be a positive integer (got ${recordEvery})`);
  const points = expandPoints(grid, zip);
  for (const p of points) {
    try {
      resolveParams(scenario, [...sets, ...p.sets]);
    } catch (err) {
      const at = p.sets.length ? ` at point ${p.index} (${p.sets.join(" ")})` : "";
      throw new ParameterError(`${(err as Error).message}${at}`);
    }
  }
  const crn = req.commonRandomNumbers === true;
  const sha = scenarioSha256(req.scenario);
  const keepSteps = req.keepSteps ?? true;
  const manifest: SweepManifest = {
    format: "tokensim-sweep/1",
    tokensimVersion: version,
    scenario: scenario.name,
    scenarioRef: req.scenario,
    scenarioSha256: sha,
    sets,
    grid,
    zip,
    points: points.map(({ index, values }) => ({ index, values })),
    runsPerPoint: runs,
    rootSeed: seed,
    commonRandomNumbers: crn,
    seedRule: SEED_RULE,
    keepSteps,
    recordEvery,
    ...(planned ? { design: planned.design } : {}),
  };
  const tasks: RunTask[] = [];
  for (const p of points)
    for (let run = 0; run < runs; run++)
      tasks.push({
        kind: "sweepRun",
        scenarioRef: req.scenario,
        scenarioSha256: sha,
        sets: [...sets, ...p.sets],
        point: p.index,
        run,
        seed: sweepRunSeed(seed, p.index, run, crn),
        keepSteps,
        recordEvery,
      });
  return { manifest, scenario, tasks };
}
