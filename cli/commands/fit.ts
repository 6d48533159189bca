import { join } from "node:path";
import { type FitResult, type FitTarget, runFit } from "../../engine/fit/fit.ts";
import { makeDir } from "../../engine/makeDir.ts";
import { checkRanges, parseRange } from "../../engine/optimize/ranges.ts";
import { writeFileAtomic } from "../../engine/optimize/record.ts";
import { loadScenario } from "../../engine/scenario.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag, parseCommandArgs, stepsSet } from "../flags.ts";
import { withWholeStudy } from "../studyExecutor.ts";
import { runnerFor } from "../studyRuns.ts";

const HELP = `Usage: tokensim fit <scenario> --start <date> --target column=file[:level|:index][:total]... --fit key=lo:hi[:log]... [options]

Fits parameters so that the scenario's simulated series match observed ones, by
the method of simulated moments (see docs/fit.md): for each target, the mean, the
trend per year and the volatility of the (log) series at the observation dates;
CMA-ES over the ranges on common random numbers; standard errors from the
moments' Jacobian. Reports each parameter with its interval and whether the
targets identify it, each target's moments, and with --until a backtest.

<scenario>              a scenario file (scenarios/x.ts) or a bundled scenario's name
  --start <date>          the date of step 0 (ISO 8601, e.g. 2022-01-01)
  --target col=file[:level|:index][:total]
                          a per-step column of steps.arrow (e.g. priceUsd,
                          jobsArrived, providersActive) against an observed series
                          (CSV, JSON or Arrow with time, value, unit; docs/inputs.md);
                          compared in logs, or :level, or :index (log over the first
                          fitted value: the shape, for a model network smaller than
                          the real one); :total when each value is a total over the
                          period up to the next (the column is summed over it)
                          (repeatable)
  --fit key=lo:hi[:log]   a fitted parameter and its range (repeatable)
  --until <date>          fit on observations up to this date; report the later
                          ones as a backtest (error of the median path, band coverage)
Options:
  --set key=value         a fixed override (repeatable); --steps <n> for sim.steps
  --replications <n>      runs per candidate on common random numbers (default 8)
  --generations <n>       CMA-ES generations (default 20)
  --population <n>        candidates per generation (default 4 + 3 ln d)
  --seed <n>              root seed of the runs and the search (default 1)
  --workers <n>           worker threads (default: one per core; 0 runs in this
                          thread); the result does not depend on it
  --out <dir>             output directory (default results/<scenario>-fit)
  --json                  print fit.json instead of the summary
  --quiet                 no progress line

Writes <out>/fit.json and <out>/hindcast.json (the observations against the runs'
10-90% band at the fitted values; 'tokensim plot <out>' draws it).
Exit codes: 0 done; 2 bad input; 130 interrupted (nothing written).`;

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));

/** The summary printed after a fit. */
export function formatFit(r: FitResult, scenario: string): string {
  const lines = [
    `fit ${scenario}: ${r.generations} generations, ${r.runs} runs (${r.replications} per candidate); J = ${fmt(r.j)} on ${r.df} degree${r.df === 1 ? "" : "s"} of freedom`,
    "parameters (value, standard error, 95% interval):",
  ];
  for (const p of r.parameters)
    lines.push(
      `  ${p.key} = ${fmt(p.value)}  se ${fmt(p.se)}  [${fmt(p.ci95[0])}, ${fmt(p.ci95[1])}]${p.identified ? "" : `  NOT IDENTIFIED: ${p.note}`}`,
    );
  for (const t of r.targets) {
    lines.push(
      `target ${t.column} (${t.transform}${t.aggregate === "total" ? ", period totals" : ""}) vs ${t.file}: ${t.observations} observations, ${Math.round(t.inBand90 * 100)}% inside the runs' 5-95% band`,
    );
    for (const m of t.moments)
      lines.push(
        `  ${m.name.padEnd(13)} observed ${fmt(m.observed)}  simulated ${fmt(m.simulated)}  z ${fmt(m.z)}`,
      );
    if (t.holdout)
      lines.push(
        `  backtest after ${r.until}: ${t.holdout.observations} observations, mean absolute error ${fmt(t.holdout.meanAbsError)}${t.transform === "level" ? "" : " (log)"}, ${Math.round(t.holdout.inBand90 * 100)}% inside the band`,
      );
  }
  return lines.join("\n");
}

/** `column=file[:log|:level|:index][:total]` (the suffixes in any order). */
export function parseTarget(text: string): FitTarget {
  const eq = text.indexOf("=");
  if (eq <= 0)
    throw new UsageError(
      `--target ${JSON.stringify(text)}: expected column=file[:level|:index][:total]`,
    );
  const column = text.slice(0, eq);
  let file = text.slice(eq + 1);
  let transform: FitTarget["transform"] = "log";
  let aggregate: FitTarget["aggregate"] = "point";
  for (
    let m = /^(.*):(log|level|index|total)$/.exec(file);
    m;
    m = /^(.*):(log|level|index|total)$/.exec(file)
  ) {
    file = m[1]!;
    if (m[2] === "total") aggregate = "total";
    else transform = m[2] as FitTarget["transform"];
  }
  if (file === "") throw new UsageError(`--target ${JSON.stringify(text)}: no file`);
  return { column, file, transform, aggregate };
}

/** `tokensim fit`: parameters fitted to observed series (method of simulated moments). */
export const fitCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, ref } = parseCommandArgs("fit", argv, {
      start: { type: "string" },
      until: { type: "string" },
      target: { type: "string", multiple: true },
      fit: { type: "string", multiple: true },
      set: { type: "string", multiple: true },
      steps: { type: "string" },
      replications: { type: "string" },
      generations: { type: "string" },
      population: { type: "string" },
      seed: { type: "string" },
      workers: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
    });
    if (!values.start) throw new UsageError("--start <date> is required (the date of step 0)");
    if (!values.target?.length) throw new UsageError("give at least one --target column=file");
    const sets = [...(values.set ?? []), ...stepsSet(values.steps)];
    const workers = integerFlag("workers", values.workers, undefined, 0);
    const targets = values.target.map(parseTarget);
    const start = values.start;
    return withWholeStudy(
      "fit",
      { workers: values.workers },
      values.out ?? ref,
      async (executor, signal) => {
        const scenario = await loadScenario(ref);
        const ranges = checkRanges(scenario, (values.fit ?? []).map(parseRange), sets);
        const fitted = await runFit({
          scenario,
          sets,
          ranges,
          targets,
          start,
          ...(values.until !== undefined && { until: values.until }),
          replications: integerFlag("replications", values.replications, 8, 2),
          generations: integerFlag("generations", values.generations, 20, 1),
          ...(values.population !== undefined && {
            population: integerFlag("population", values.population, 2, 2),
          }),
          seed: integerFlag("seed", values.seed, 1, 0),
          signal,
          ...runnerFor("fit", ref, executor, { workers, quiet: values.quiet }),
        });
        const { hindcast, ...result } = fitted;
        const out = values.out ?? join("results", `${scenario.name}-fit`);
        makeDir(out);
        writeFileAtomic(join(out, "fit.json"), `${JSON.stringify(result, null, 2)}\n`);
        writeFileAtomic(join(out, "hindcast.json"), `${JSON.stringify(hindcast)}\n`);
        if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        else {
          console.log(formatFit(result, scenario.name));
          console.log(`wrote ${join(out, "fit.json")}, ${join(out, "hindcast.json")}`);
        }
        return 0;
      },
    );
  },
};
