import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sweepPaths } from "../../engine/sweep/manifest.ts";
import type { SweepRequest } from "../../engine/sweep/plan.ts";
import type { Shard } from "../../engine/sweep/runner.ts";
import {
  formatCalibration,
  loadProfiles,
  refuseDegraded,
  splitCalibrationArgs,
} from "../calibrationFlag.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag, stepsSet } from "../flags.ts";
import { sweepProgress } from "../progress.ts";
import { QUEUE_OPTIONS, type StudyExecutor, withStudyExecutor } from "../studyExecutor.ts";
import { studyOut } from "../studyFlags.ts";

// The engine, the sweep runner and the table writers load in run(), after the
// worker threads have been started: the threads load their modules while this
// one loads its own and plans the sweep.
const engineModules = () =>
  Promise.all([
    import("../../engine/scenario.ts"),
    import("../../engine/sweep/runner.ts"),
    import("../../engine/sweep/tables.ts"),
    import("./sweepFormat.ts"),
  ]);

const HELP = `Usage: tokensim sweep <scenario> [options]

Monte Carlo runs over a grid of parameter points, or an experimental design, on a
pool of worker threads.

<scenario>              a scenario file (scenarios/x.ts) or a bundled scenario's name
Axes (default: the scenario's own 'sweep' export, if it has one):
  --grid key=v1,v2,...  a cartesian axis (repeatable): every combination is a point
  --zip key=v1,v2,...   a zipped axis (repeatable): zipped axes walk together, then
                        cross the grid; they must have the same number of values
Designs (see docs/sweeps.md; analyse a saltelli or morris sweep with 'tokensim analyze'):
  --design <d>          grid or zip (the axes above, the default), or a sampling design over
                        --ranges: lhs (Latin hypercube), sobol (scrambled Sobol sequence),
                        saltelli (Sobol indices: N (d+2) points), morris (r (d+1) points)
  --range key=lo:hi[:log]  a continuous range (repeatable); integer parameters take whole values
  --range key=a,b,c     a categorical range (also a|b|c, quoted): the levels share the unit
                        interval equally
  --samples <n>         lhs, sobol: points (default 64); saltelli: base rows N (default 64;
                        a power of 2 is best); morris: trajectories r (default 10)
  --levels <p>          morris: grid levels, even (default 4)
  --candidates <m>      morris: draw m trajectories, keep the --samples most spread out
                        (Campolongo et al. 2007)
Options:
  --runs <n>            Monte Carlo runs per point (default: the scenario's sweep.runsPerPoint, else 10)
  --set key=value       override a parameter at every point (repeatable)
  --steps <n>           shorthand for --set sim.steps=<n>
  --calibration <f>     calibration profile(s) applied at every point, as in 'tokensim run'
                        (repeatable; a folder means every .json in it); they become --sets
                        recorded in the manifest, so workers and --resume see the same values
  --allow-degraded      use a profile marked "degraded", which --calibration otherwise refuses
  --seed <n>            root seed (default 42); run r of point p runs with seed
                        hash53("tokensim/sweep/<seed>/<p>/<r>") mod 2^32, recorded in the output
  --crn                 common random numbers: run r uses the same seed at every point
  --workers <n>         worker threads (default: one per core; 0 runs in this thread)
  --out <dir>           output directory (default results/<scenario>-sweep)
  --resume              continue the sweep in --out, skipping completed runs
  --record-every <k>    keep every k-th step's metrics row (default 1)
  --no-steps            keep no per-step metrics, only run records and tables
  --shard <i>/<N>       run only shard i of N (0-based; tasks i, i+N, ...); combine with 'tokensim merge'
  --shards <N>          the same, with i from JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs)
  --queue <redis-url>   distribute the runs over 'tokensim worker' processes through a BullMQ
                        queue on Redis (e.g. redis://host:6379/0); results come back
                        through Redis and this process writes them to --out; Ctrl-C
                        removes the waiting chunks and waits for the running ones
  --queue-name <name>   the queue's name (default tokensim-runs)
  --chunk <n>           runs per queue job (default 4)
  --quiet               no progress and no table

Writes (see docs/output.md, "Sweep output"):
  <out>/manifest.json                       the sweep: scenario, axes, points, seeds rule
  <out>/steps/point=NNNN/run=NNNNN.arrow    per-step metrics of each run (point, run columns)
  <out>/summaries/pNNNN-rNNNNN.json         each run's record (the resume journal)
  <out>/runs.arrow                          one row per run: point, run, seed, status, parameters, outcomes
  <out>/sweep.arrow                         one row per point: parameters, P(death spiral),
                                            mean/sd/p5/p25/p50/p75/p95 of each outcome
  <out>/failures.json                       runs that failed or crashed, with seed and parameters

Exit codes: 0 every run ok; 1 some runs failed (listed, with the command that
reruns each); 2 bad input; 130 interrupted by SIGINT or SIGTERM (resume with --resume).`;

/** Parses `--shard i/N`, or `--shards N` with the index from JOB_COMPLETION_INDEX. */
export function parseShard(
  shard: string | undefined,
  shards: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Shard | undefined {
  if (shard !== undefined && shards !== undefined)
    throw new UsageError("give --shard i/N or --shards N, not both");
  let index: number;
  let count: number;
  if (shard !== undefined) {
    const m = /^(\d+)\/(\d+)$/.exec(shard);
    if (!m) throw new UsageError(`--shard ${shard}: expected i/N, e.g. --shard 0/4`);
    index = Number(m[1]);
    count = Number(m[2]);
  } else if (shards !== undefined) {
    count = integerFlag("shards", shards, 1, 1);
    const raw = env.JOB_COMPLETION_INDEX;
    if (raw === undefined || !/^\d+$/.test(raw))
      throw new UsageError(
        "--shards needs JOB_COMPLETION_INDEX (set by Kubernetes Indexed Jobs); use --shard i/N elsewhere",
      );
    index = Number(raw);
  } else return undefined;
  if (!Number.isSafeInteger(count) || count < 1)
    throw new UsageError(`shard ${index}/${count}: the number of shards must be at least 1`);
  if (index >= count)
    throw new UsageError(`shard ${index}/${count}: the index must be in 0..${count - 1}`);
  return { index, count };
}

/** The sweep request the flags describe. */
export function sweepRequest(
  ref: string,
  values: ReturnType<typeof parse>["values"],
): SweepRequest {
  const sets = [...(values.set ?? []), ...stepsSet(values.steps, { asTyped: true })];
  const req: SweepRequest = {
    scenario: ref,
    grid: values.grid ?? [],
    zip: values.zip ?? [],
    sets,
    seed: integerFlag("seed", values.seed, 42),
    commonRandomNumbers: values.crn === true,
    keepSteps: values["no-steps"] !== true,
    recordEvery: integerFlag("record-every", values["record-every"], 1, 1),
  };
  const runs = integerFlag("runs", values.runs);
  if (runs !== undefined) req.runs = runs;
  const design = designRequest(values);
  if (design) req.design = design;
  return req;
}

/** The experimental design the flags ask for (undefined: none, plain axes). */
function designRequest(values: ReturnType<typeof parse>["values"]): SweepRequest["design"] {
  const method = values.design;
  const given = ["range", "samples", "levels", "candidates"].filter(
    (k) => values[k as "range"] !== undefined,
  );
  if (method === undefined) {
    if (given.length > 0)
      throw new UsageError(`--${given[0]} needs --design lhs, sobol, saltelli or morris`);
    return undefined;
  }
  if (!["grid", "zip", "lhs", "sobol", "saltelli", "morris"].includes(method))
    throw new UsageError(`--design ${method}: expected grid, zip, lhs, sobol, saltelli or morris`);
  const samples = integerFlag("samples", values.samples, undefined, 2);
  const levels = integerFlag("levels", values.levels, undefined, 2);
  const candidates = integerFlag("candidates", values.candidates, undefined, 1);
  return {
    method: method as NonNullable<SweepRequest["design"]>["method"],
    ranges: values.range ?? [],
    ...(samples !== undefined ? { samples } : {}),
    ...(levels !== undefined ? { levels } : {}),
    ...(candidates !== undefined ? { candidates } : {}),
  };
}

/** `tokensim sweep`: Monte Carlo runs over parameter points, on worker threads. */
export const sweepCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, positionals: args } = parse(argv);
    const { files: calibrationFiles, positionals } = splitCalibrationArgs(values.calibration, args);
    if (positionals.length !== 1)
      throw new UsageError("expected one scenario (see 'tokensim sweep --help')");
    const ref = positionals[0]!;
    const req = sweepRequest(ref, values);
    const shard = parseShard(values.shard, values.shards);
    const quiet = values.quiet === true;
    const out = studyOut("sweep", ref, values.out);
    // The flags are valid: start the workers first (see engineModules).
    const study = async (executor: StudyExecutor, signal: AbortSignal) => {
      const [{ loadScenario, resolveParams }, { runSweep }, { readRunRecords }, format] =
        await engineModules();
      if (calibrationFiles.length > 0) {
        const profiles = await loadProfiles(calibrationFiles);
        if (!values["allow-degraded"]) refuseDegraded(profiles);
        const { calibrationParams } = await import("../../calibration/scenarioParams.ts");
        const scenario = await loadScenario(ref);
        const applied = calibrationParams(resolveParams(scenario, req.sets ?? []), profiles);
        req.sets = [...applied.sets, ...(req.sets ?? [])];
        if (!quiet) console.error(formatCalibration(applied));
      }
      const n = req.design?.samples;
      const m = req.design?.method;
      if (
        n !== undefined &&
        (m === "sobol" || m === "saltelli") &&
        Math.log2(n) % 1 !== 0 &&
        !quiet
      )
        process.stderr.write(
          `note: --samples ${n} is not a power of 2; Sobol points are balanced at powers of 2 (e.g. ${2 ** Math.ceil(Math.log2(n))})\n`,
        );
      if (values.resume === true && !quiet && !existsSync(sweepPaths(out).manifest))
        process.stderr.write(`nothing to resume in ${out}: starting the sweep\n`);
      const progress = quiet ? undefined : sweepProgress(ref, values.queue, values["queue-name"]);
      let counts = { done: 0, total: 0 };
      const sweep = runSweep(req, {
        out,
        executor: executor.run,
        concurrency: executor.concurrency,
        resume: values.resume === true,
        ...(shard ? { shard } : {}),
        onProgress: (done, total) => {
          counts = { done, total };
          progress?.(done, total);
        },
        onRetry: (t, e, attempt) =>
          process.stderr.write(
            `run ${t.run} of point ${t.point} lost (${e.message}); retrying (attempt ${attempt + 1})\n`,
          ),
        signal,
      });
      // A queue sweep stops waiting for runs that never started once an interrupt
      // has let the running chunks finish (see createQueueSweepExecutor).
      const outcome = await (executor.watch
        ? Promise.race([sweep, executor.watch.then(() => null)])
        : sweep);
      if (outcome === null) {
        process.stderr.write(
          `interrupted: ${counts.done}/${counts.total} runs complete in ${out}; continue with the same command and --resume\n`,
        );
        return 130;
      }
      if (outcome.interrupted) {
        const done = outcome.skipped + outcome.executed;
        process.stderr.write(
          `interrupted: ${done}/${outcome.total} runs complete in ${out}; continue with the same command and --resume\n`,
        );
        return 130;
      }
      if (!quiet) {
        // The records are read again only to print them (writeTables read them).
        console.log(format.formatSweepTable(outcome.manifest, readRunRecords(out)));
        const p = sweepPaths(out);
        console.log(
          `wrote ${p.runsTable}, ${p.sweepTable}${outcome.manifest.keepSteps ? `, ${join(out, "steps")}/` : ""} (${outcome.executed} runs now, ${outcome.skipped} done before${shard ? `, shard ${shard.index}/${shard.count}` : ""})`,
        );
      }
      for (const f of outcome.failures)
        console.error(
          `${f.status.toUpperCase()} point ${f.point} run ${f.run} seed ${f.seed}: ${f.message}\n  rerun: ${format.rerunCommand(outcome.manifest, f)}`,
        );
      return outcome.failures.length > 0 ? 1 : 0;
    };
    return withStudyExecutor("sweep", values, out, study, { sweep: true });
  },
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      runs: { type: "string" },
      grid: { type: "string", multiple: true },
      zip: { type: "string", multiple: true },
      design: { type: "string" },
      range: { type: "string", multiple: true },
      samples: { type: "string" },
      levels: { type: "string" },
      candidates: { type: "string" },
      set: { type: "string", multiple: true },
      steps: { type: "string" },
      calibration: { type: "string", multiple: true },
      "allow-degraded": { type: "boolean" },
      seed: { type: "string" },
      crn: { type: "boolean" },
      workers: { type: "string" },
      out: { type: "string" },
      resume: { type: "boolean" },
      "record-every": { type: "string" },
      "no-steps": { type: "boolean" },
      shard: { type: "string" },
      shards: { type: "string" },
      ...QUEUE_OPTIONS,
      quiet: { type: "boolean" },
    },
  });
}
