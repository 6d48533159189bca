import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { inThreadCheckExecutor } from "../../engine/check/inThread.ts";
import { checkVerdict, toJunitXml } from "../../engine/check/junit.ts";
import {
  baselinePath,
  type CheckExecutor,
  checkScenario,
  reportFails,
  type ScenarioReport,
} from "../../engine/check/runner.ts";
import { makeDir } from "../../engine/makeDir.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag } from "../flags.ts";
import { createProgress } from "../progress.ts";

const HELP = `Usage: tokensim check <scenario.ts>... [options]

Runs each scenario's Monte Carlo checks (its exported 'checks') and fails when an
economic property breaks:
  - built-in invariants on every step of every run (conservation, non-negativity,
    AMM product, job conservation, slashing within stake) and the scenario's own
    step invariants;
  - assertions over outcome distributions, each with a confidence interval
    (Wilson or Clopper-Pearson for probabilities, bootstrap for quantiles and means):
    pass, fail, or inconclusive when the interval straddles the threshold;
  - drift against the committed baseline (two-sample Kolmogorov-Smirnov per metric).

Options:
  --until-conclusive     add batches of runs until every assertion is decided (up to checks.maxRuns)
  --allow-inconclusive   do not fail on inconclusive assertions
  --update-baseline      record these runs as the new baseline (commit the file)
  --baseline-dir <dir>   where baselines live (default: baselines/ next to each scenario)
  --runs <n>             runs in the first batch (default: the scenario's checks.runs)
  --junit <file>         also write JUnit XML (for CI test reports)
  --json <file>          also write a JSON report
  --workers <n>          worker threads for the runs (default: one per core; 0 runs them in this thread)
  --quiet                no progress lines

Exit codes: 0 all pass; 1 an assertion or invariant failed, or an outcome drifted
(inconclusive counts as failing unless --allow-inconclusive); 2 error (bad scenario,
bad option, crash).`;

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));

/** The readable report printed on the terminal. */
export function formatCheckReport(
  reports: readonly ScenarioReport[],
  allowInconclusive: boolean,
): string {
  const lines: string[] = [];
  for (const r of reports) {
    const verdict =
      r.status === "error" ? "ERROR" : reportFails(r, allowInconclusive) ? "FAIL" : "PASS";
    lines.push(`${verdict}  ${r.scenario} (${r.file}), ${r.runs} runs, seed ${r.seed}`);
    if (r.error) lines.push(`      ${r.error}`);
    for (const a of r.assertions) {
      const mark =
        a.verdict === "pass"
          ? "pass"
          : a.verdict === "fail"
            ? "FAIL"
            : allowInconclusive
              ? "inc."
              : "INC.";
      lines.push(
        `  ${mark.padEnd(4)}  ${a.name}: ${a.statement}; estimate ${fmt(a.estimate)}, ${Math.round(a.confidence * 100)}% CI [${fmt(a.interval.lower)}, ${fmt(a.interval.upper)}] (${a.method})`,
      );
    }
    if (r.status !== "error") {
      const builtin = r.builtinFailures;
      lines.push(
        builtin.length === 0
          ? "  pass  built-in invariants held in every run"
          : `  FAIL  built-in invariants: ${builtin.map((f) => `run ${f.runIndex} (seed ${f.seed}): ${f.message}`).join("; ")}`,
      );
    }
    for (const s of r.stepInvariants) {
      const v = s.violations[0];
      lines.push(
        v
          ? `  FAIL  step invariant ${s.name}: ${s.violations.length} runs broke it, e.g. run ${v.runIndex}: ${v.metric}=${fmt(v.value)} at step ${v.step}`
          : `  pass  step invariant ${s.name}`,
      );
    }
    if (r.baseline.action === "updated") lines.push(`  baseline written: ${r.baseline.path}`);
    if (r.baseline.action === "missing" && r.status !== "error") {
      lines.push(`  no baseline at ${r.baseline.path} (record one with --update-baseline)`);
    }
    for (const d of r.drift ?? []) {
      if (!d.drifted) continue;
      lines.push(
        `  DRIFT ${d.metric}: median ${fmt(d.baselineMedian)} -> ${fmt(d.currentMedian)} (${d.medianShiftPct >= 0 ? "+" : ""}${fmt(d.medianShiftPct)}%), KS D=${fmt(d.ksD)}, p=${d.pValue.toExponential(2)}`,
      );
    }
    if (r.drift && !r.drift.some((d) => d.drifted))
      lines.push(`  pass  no drift from ${r.baseline.path} (${r.drift.length} metrics)`);
  }
  return lines.join("\n");
}

function writeAtomic(path: string, text: string): void {
  makeDir(dirname(path));
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** Fails before any run when a report cannot be written where asked (not after an hour of runs). */
function checkWritable(flag: string, path: string | undefined): void {
  if (path === undefined) return;
  try {
    makeDir(dirname(path));
    writeFileSync(`${path}.tmp`, "");
    rmSync(`${path}.tmp`);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    throw new UsageError(`--${flag} ${path}: cannot write there (${e.code ?? e.message})`);
  }
}

/** Builds the `check` command around an executor (the worker pool, or in-thread in tests). */
export function makeCheckCommand(
  executor: (
    workers: number | undefined,
  ) => Promise<{ run: CheckExecutor; close(): Promise<void> }>,
): CliCommand {
  return {
    help: HELP,
    async run(argv) {
      const { values, positionals } = parse(argv);
      if (positionals.length === 0)
        throw new UsageError("expected one or more scenario files (see 'tokensim check --help')");
      const runs = integerFlag("runs", values.runs, undefined, 2);
      const allow = values["allow-inconclusive"] === true;
      const workers = integerFlag("workers", values.workers, undefined, 0);
      const exec = await executor(workers);
      const reports: ScenarioReport[] = [];
      const seconds = new Map<string, number>();
      checkWritable("junit", values.junit);
      checkWritable("json", values.json);
      try {
        for (const file of positionals) {
          const started = performance.now();
          const progress = values.quiet ? undefined : createProgress(`check ${file}`, "runs");
          reports.push(
            await checkScenario(file, {
              executor: exec.run,
              untilConclusive: values["until-conclusive"] === true,
              updateBaseline: values["update-baseline"] === true,
              ...(values["baseline-dir"] ? { baselineDir: values["baseline-dir"] } : {}),
              ...(runs ? { runs } : {}),
              ...(progress ? { onProgress: progress } : {}),
            }),
          );
          seconds.set(file, (performance.now() - started) / 1000);
        }
      } finally {
        await exec.close();
      }
      console.log(formatCheckReport(reports, allow));
      // A scenario that could not be checked is an error: say so on stderr too.
      for (const r of reports)
        if (r.status === "error") {
          // The engine's message usually names the file already: name it once.
          const error = r.error ?? "error";
          console.error(
            `tokensim check: ${error.startsWith(`${r.file}: `) ? error : `${r.file}: ${error}`}`,
          );
        }
      // Baselines are named after the scenario: two files of one name would share one.
      const byBaseline = new Map<string, string>();
      let shared = false;
      for (const r of reports) {
        if (r.status === "error") continue;
        const path = resolve(baselinePath(r.file, r.scenario, values["baseline-dir"]));
        const first = byBaseline.get(path);
        if (first !== undefined && resolve(first) !== resolve(r.file)) {
          shared = true;
          console.error(
            `tokensim check: ${first} and ${r.file} are both scenario '${r.scenario}' and share the baseline ${path}${values["update-baseline"] ? " (the last one written won)" : ""}; give them distinct names`,
          );
        } else byBaseline.set(path, r.file);
      }
      if (values.junit) writeAtomic(values.junit, toJunitXml(reports, allow, seconds));
      if (values.json) {
        // One status everywhere: each report's is the verdict the exit code and JUnit give.
        const judged = reports.map((r) => ({ ...r, status: checkVerdict(r, allow) }));
        const status = judged.some((r) => r.status === "error")
          ? "error"
          : judged.some((r) => r.status === "fail")
            ? "fail"
            : "pass";
        writeAtomic(
          values.json,
          `${JSON.stringify({ status, allowInconclusive: allow, reports: judged }, null, 2)}\n`,
        );
      }
      if (reports.some((r) => r.status === "error")) return 2;
      if (shared && values["update-baseline"]) return 2;
      return reports.some((r) => reportFails(r, allow)) ? 1 : 0;
    },
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      "until-conclusive": { type: "boolean" },
      "allow-inconclusive": { type: "boolean" },
      "update-baseline": { type: "boolean" },
      "baseline-dir": { type: "string" },
      runs: { type: "string" },
      junit: { type: "string" },
      json: { type: "string" },
      quiet: { type: "boolean" },
      workers: { type: "string" },
    },
  });
}

/** `tokensim check`, running check runs on the worker pool (`--workers`, default one per core). */
export const checkCommand = makeCheckCommand(async (workers) => {
  if (workers === 0) return { run: inThreadCheckExecutor, close: async () => {} };
  const { createPool, poolCheckExecutor } = await import("../../workers/pool.ts");
  const pool = createPool(workers);
  return { run: poolCheckExecutor(pool), close: () => pool.destroy() };
});
