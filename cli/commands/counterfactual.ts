import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { tableToIPC } from "apache-arrow";
import {
  type CounterfactualSummary,
  fittedSets,
  runCounterfactual,
} from "../../engine/fit/counterfactual.ts";
import type { FitResult } from "../../engine/fit/fit.ts";
import { makeDir } from "../../engine/makeDir.ts";
import { writeFileAtomic } from "../../engine/optimize/record.ts";
import { loadScenario } from "../../engine/scenario.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag, parseCommandArgs, stepsSet } from "../flags.ts";
import { withWholeStudy } from "../studyExecutor.ts";
import { runnerFor } from "../studyRuns.ts";
import { parseTarget } from "./fit.ts";

const HELP = `Usage: tokensim counterfactual <scenario> --from <fit-dir> --set key=value... [options]

Replays history twice: as observed (the fit's fixed overrides and fitted values
from <fit-dir>/fit.json, its start date and observed series) and with the
changes given by --set (e.g. --set emission.policy=fixed), on common random
numbers: run r of both worlds has the same seed and run index, so each run's
difference is the change's, not the noise's.

<scenario>              the scenario the fit was made on (file or bundled name)
  --from <fit-dir>        a 'tokensim fit' output folder (its fit.json)
  --set key=value         a change for the counterfactual (repeatable, at least one)
Options:
  --column <name>         another per-step column to keep and compare (repeatable;
                          the fit's targets are always kept)
  --at <date>             also compare at this date (repeatable; the last step always)
  --target col=file[:level|:index][:total]
                          observed series instead of the fit's (repeatable)
  --steps <n>             sim.steps for both worlds (default: the fit's)
  --runs <n>              runs per world (default 20)
  --seed <n>              root seed (default: the fit's)
  --workers <n>           worker threads (default: one per core; 0 in this thread)
  --out <dir>             output folder (default results/<scenario>-counterfactual)
  --json                  print counterfactual.json instead of the summary
  --quiet                 no progress line

Writes <out>/counterfactual.json (each column at the chosen dates and the end:
quantiles of both worlds and of the run-by-run differences), factual.arrow and
counterfactual.arrow (run, step, time and the kept columns), history.arrow (the
observed series: column, time, value) and hindcast.json ('tokensim plot <out>').
Exit codes: 0 done; 2 bad input; 130 interrupted (nothing written).`;

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));

/** The summary printed after a counterfactual. */
export function formatCounterfactual(s: CounterfactualSummary): string {
  const lines = [
    `counterfactual ${s.scenario}: ${s.changes.join(", ")} (${s.runs} runs per world, seed ${s.seed}, common random numbers)`,
  ];
  for (const c of s.columns) {
    lines.push(
      `${c.column}: median as observed → counterfactual, run-by-run difference [p10, p90]`,
    );
    for (const m of c.comparisons)
      lines.push(
        `  ${m.date}  ${fmt(m.asObserved.p50)} → ${fmt(m.counterfactual.p50)}  difference ${fmt(m.difference.p50)} [${fmt(m.difference.p10)}, ${fmt(m.difference.p90)}]${m.relative ? ` (${fmt(100 * m.relative.p50)}%)` : ""}`,
      );
  }
  return lines.join("\n");
}

function readFit(dir: string): FitResult {
  const path = join(dir, "fit.json");
  if (!existsSync(path))
    throw new UsageError(`--from ${dir}: no fit.json (a 'tokensim fit' folder)`);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as FitResult;
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
}

/** `tokensim counterfactual`: history replayed as observed and with a change, on common random numbers. */
export const counterfactualCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, ref } = parseCommandArgs("counterfactual", argv, {
      from: { type: "string" },
      set: { type: "string", multiple: true },
      column: { type: "string", multiple: true },
      at: { type: "string", multiple: true },
      target: { type: "string", multiple: true },
      steps: { type: "string" },
      runs: { type: "string" },
      seed: { type: "string" },
      workers: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
    });
    if (!values.from)
      throw new UsageError("--from <fit-dir> is required (a 'tokensim fit' folder)");
    if (!values.set?.length)
      throw new UsageError(
        "give at least one change: --set key=value (e.g. emission.policy=fixed)",
      );
    const fit = readFit(values.from);
    const observedSets = [...fittedSets(fit), ...stepsSet(values.steps)];
    const targets = values.target?.length
      ? values.target.map(parseTarget)
      : fit.targets.map((t) => ({
          column: t.column,
          file: t.file,
          transform: t.transform,
          aggregate: t.aggregate,
        }));
    const runs = integerFlag("runs", values.runs, 20, 2);
    const seed = integerFlag("seed", values.seed, fit.seed, 0);
    const workers = integerFlag("workers", values.workers, undefined, 0);
    const changes = values.set;
    return withWholeStudy(
      "counterfactual",
      { workers: values.workers },
      values.out ?? ref,
      async (executor, signal) => {
        const scenario = await loadScenario(ref);
        if (fit.scenario !== undefined && fit.scenario !== scenario.name)
          throw new UsageError(
            `--from ${values.from}: the fit is of scenario '${fit.scenario}', not '${scenario.name}'`,
          );
        const r = await runCounterfactual({
          scenario,
          observedSets,
          changes,
          start: fit.start,
          targets,
          ...(values.column && { columns: values.column }),
          ...(values.at && { at: values.at }),
          runs,
          seed,
          signal,
          ...runnerFor("counterfactual", ref, executor, { workers, quiet: values.quiet }),
        });
        const out = values.out ?? join("results", `${scenario.name}-counterfactual`);
        makeDir(out);
        writeFileAtomic(join(out, "factual.arrow"), tableToIPC(r.factual, "file"));
        writeFileAtomic(join(out, "counterfactual.arrow"), tableToIPC(r.counterfactual, "file"));
        writeFileAtomic(join(out, "history.arrow"), tableToIPC(r.history, "file"));
        writeFileAtomic(join(out, "hindcast.json"), `${JSON.stringify(r.hindcast)}\n`);
        writeFileAtomic(
          join(out, "counterfactual.json"),
          `${JSON.stringify(r.summary, null, 2)}\n`,
        );
        if (values.json) process.stdout.write(`${JSON.stringify(r.summary, null, 2)}\n`);
        else {
          console.log(formatCounterfactual(r.summary));
          console.log(
            `wrote ${out}/: counterfactual.json, factual.arrow, counterfactual.arrow, history.arrow, hindcast.json`,
          );
        }
        return 0;
      },
    );
  },
};
