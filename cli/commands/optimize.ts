import { join } from "node:path";
import type { Finalist } from "../../engine/optimize/final.ts";
import type { StudyRequest } from "../../engine/optimize/plan.ts";
import { studyJson } from "../../engine/optimize/record.ts";
import { type OptimizeResult, runStudy } from "../../engine/optimize/study.ts";
import type { CliCommand } from "../command.ts";
import { parseCommandArgs } from "../flags.ts";
import { createProgress } from "../progress.ts";
import { interruptedStudy, QUEUE_OPTIONS, withStudyExecutor } from "../studyExecutor.ts";
import { STUDY_OPTIONS, studyFlagSettings, studyOut } from "../studyFlags.ts";

const HELP = `Usage: tokensim optimize <scenario> --range key=lo:hi[:log]... --objective <spec>... [options]

Searches parameter ranges for the settings that best meet objectives, subject to
constraints, in the statistics of 'tokensim check' (see docs/optimize.md).
One objective: CMA-ES; two or more: NSGA-II and a Pareto front. Candidates of a
generation share their runs' seeds (common random numbers); a candidate gets more
runs while a constraint's interval straddles its threshold; the result is
re-evaluated on fresh seeds, with a confidence interval for every statistic.

<scenario>              a scenario file (scenarios/x.ts) or a bundled scenario's name
Search:
  --range key=lo:hi[:log]   a searched parameter (repeatable); log: in log space;
                            integer parameters are rounded
  --range key=a,b,c         a searched choice of levels (emission.policy=fixed,halving)
  --objective <spec>        min:<statistic> or max:<statistic> (repeatable), e.g.
                            min:probability(spiralled>0), max:mean(priceEndUsd)
  --constraint <spec>       <statistic> < v or > v (repeatable), e.g.
                            quantile(maxDrawdownPct,0.5)<30
                            statistics: mean(m), median(m), quantile(m,q), probability(m<v),
                            probability(m>v); m is a headline figure, a run outcome,
                            a checks outcome, or activeRatioEnd, priceRatioEnd, spiralled
Options:
  --budget <runs>         runs for the search (default 600); the final re-evaluation
                          adds --final-runs per finalist (3 at most with one objective,
                          the front with several)
  --runs <n>              first runs per candidate (default 8)
  --batch-runs <n>        runs added while a constraint is inconclusive (default --runs)
  --max-runs <n>          runs per candidate at most (default 32)
  --final-runs <n>        runs per finalist on fresh seeds (default 64)
  --population <n>        candidates per generation (default: CMA-ES 4 + 3 ln n;
                          NSGA-II max(12, 4n))
  --generations <n>       generations at most (default 100)
  --confidence <c>        confidence of every interval (default 0.95)
  --set key=value         override a parameter in every run (repeatable)
  --steps <n>             shorthand for --set sim.steps=<n>
  --seed <n>              root seed (default 42)
  --workers <n>           worker threads (default: one per core; 0 runs in this thread)
  --queue <redis-url>     send the runs to 'tokensim worker' processes through a BullMQ
                          queue on Redis, as 'tokensim sweep --queue' does
  --queue-name <name>     the queue's name (default tokensim-runs)
  --chunk <n>             runs per queue job (default 4)
  --out <dir>             output directory (default results/<scenario>-optimize)
  --resume                continue the study in --out (same command)
  --json                  print optimize.json instead of the summary
  --quiet                 no progress lines

Writes (see docs/optimize.md):
  <out>/study.json              the study: scenario, ranges, goals, seed, options
  <out>/generations/gNNNN.json  each generation's candidates and per-run values (the resume journal)
  <out>/generations/final.json  the final re-evaluation
  <out>/optimize.json           the recommendation (or front) with intervals, and the settings
  <out>/history.arrow           one row per candidate: generation, parameters, estimates, runs

Exit codes: 0 done; 2 bad input; 130 interrupted by SIGINT or SIGTERM (continue with --resume).`;

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));

function formatFinalist(f: Finalist, confidence: number): string[] {
  const pct = Math.round(confidence * 100);
  const params = Object.entries(f.parameters)
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : fmt(v)}`)
    .join(" ");
  const lines = [
    `  ${params}  (${f.source}; ${f.runs} runs${f.feasible ? "" : "; INFEASIBLE"}${f.dominated ? "; dominated on fresh seeds" : ""})`,
  ];
  for (const o of f.objectives)
    lines.push(
      `    ${o.spec}: ${fmt(o.estimate)}, ${pct}% CI [${fmt(o.lower)}, ${fmt(o.upper)}] (${o.method})`,
    );
  for (const c of f.constraints)
    lines.push(
      `    ${c.verdict.padEnd(12)} ${c.spec}: ${fmt(c.estimate)}, ${pct}% CI [${fmt(c.lower)}, ${fmt(c.upper)}] (${c.method})`,
    );
  return lines;
}

/** The summary printed at the end of a study. */
export function formatOptimizeResult(r: OptimizeResult): string {
  const s = r.settings;
  const lines = [
    `optimize ${s.scenario}: ${s.algorithm}, ${r.generations} generation${r.generations === 1 ? "" : "s"} of ${s.population}, stopped by ${r.stopped}; ${r.runs.search} search runs (budget ${s.budget}) + ${r.runs.final} on fresh seeds`,
  ];
  if (r.recommended) {
    lines.push(
      "recommended (re-evaluated on fresh seeds):",
      ...formatFinalist(r.recommended, s.confidence),
    );
    if (r.finalists.length > 1) lines.push("other finalists:");
    for (const f of r.finalists.slice(1)) lines.push(...formatFinalist(f, s.confidence));
  } else {
    lines.push(
      `Pareto front (${r.finalists.filter((f) => !f.dominated).length} of ${r.finalists.length} still non-dominated on fresh seeds):`,
    );
    for (const f of r.finalists) lines.push(...formatFinalist(f, s.confidence));
  }
  return lines.join("\n");
}

function parse(argv: readonly string[]) {
  return parseCommandArgs("optimize", argv, {
    ...STUDY_OPTIONS,
    objective: { type: "string", multiple: true },
    constraint: { type: "string", multiple: true },
    ...QUEUE_OPTIONS,
  });
}

/** The request a command line makes. */
function request(ref: string, v: ReturnType<typeof parse>["values"]): StudyRequest {
  return {
    scenario: ref,
    objectives: v.objective ?? [],
    constraints: v.constraint ?? [],
    ...studyFlagSettings(v),
  };
}

/** `tokensim optimize`: a study on worker threads (`--workers`, default one per core) or a queue. */
export const optimizeCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, ref } = parse(argv);
    const req = request(ref, values);
    const out = studyOut("optimize", ref, values.out);
    const quiet = values.quiet === true;
    return withStudyExecutor("optimize", values, out, async (executor, signal) => {
      const progress = quiet ? undefined : createProgress(`optimize ${ref}`, "runs");
      const result = await runStudy(req, {
        out,
        executor: executor.run,
        concurrency: executor.concurrency,
        resume: values.resume === true,
        signal,
        ...(progress ? { onProgress: progress } : {}),
      });
      if (!result) return interruptedStudy(out);
      if (values.json) process.stdout.write(studyJson(result));
      else {
        console.log(formatOptimizeResult(result));
        console.log(`wrote ${join(out, "optimize.json")}, ${join(out, "history.arrow")}`);
      }
      return 0;
    });
  },
};
