import { join } from "node:path";
import { studyJson, writeFileAtomic } from "../../engine/optimize/record.ts";
import {
  type MinimalShock,
  runStress,
  type StressRequest,
  type StressResult,
} from "../../engine/stress/stress.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag, parseCommandArgs } from "../flags.ts";
import { createProgress } from "../progress.ts";
import { interruptedStudy, QUEUE_OPTIONS, withStudyExecutor } from "../studyExecutor.ts";
import { fractionFlag, STUDY_OPTIONS, studyFlagSettings, studyOut } from "../studyFlags.ts";

const HELP = `Usage: tokensim stress <scenario> --target spiral [--p 0.5] --budget <runs> [options]

Searches the space of shocks (market crash depth, speed and timing; liquidity
withdrawal; regional power spike; hardware-generation arrival; demand drop; coordinated cheating) for the cheapest
one, by a stated cost in USD, that causes a death spiral with probability at least p.
It is a 'tokensim optimize' study (CMA-ES, common random numbers, adaptive runs,
re-evaluation on fresh seeds) with the objective min:mean(shockCostUsd) and the
constraint probability(spiralled>0) > p, which holds at p itself (see docs/stress.md).

<scenario>              a scenario file (scenarios/x.ts) or a bundled scenario's name
Search:
  --target spiral         what the shock must cause (only spiral: a death spiral)
  --p <p>                 the probability it must reach (default 0.5)
  --shocks <a,b>          shock families to search: crash, liquidity, power, hardware,
                          demand, cheating (default crash); the others are off unless --set turns them on
  --range shocks.key=lo:hi[:log]
                          replace a shock (or rings.*) parameter's default range (repeatable)
  --compare key=v1,v2     run the search once per value (e.g. emission.policy=fixed,burnPegged)
                          and compare the breaking points
Options:
  --budget <runs>         runs for each search (default 600); the final re-evaluation adds
                          --final-runs per finalist (3 at most)
  --runs <n>              first runs per candidate (default 8)
  --batch-runs <n>        runs added while P(spiral) is inconclusive (default --runs)
  --max-runs <n>          runs per candidate at most (default 32)
  --final-runs <n>        runs per finalist on fresh seeds (default 64)
  --leg-runs <n>          spiralled final runs per finalist re-run with their steps to find
                          the leg that started the spiral (default 16; 0: none)
  --population <n>        candidates per generation (default 4 + 3 ln n)
  --generations <n>       generations at most (default 100)
  --confidence <c>        confidence of every interval (default 0.95)
  --set key=value         override a parameter in every run (repeatable)
  --steps <n>             shorthand for --set sim.steps=<n>
  --seed <n>              root seed (default 42)
  --workers <n>           worker threads (default: one per core; 0 runs in this thread)
  --queue <redis-url>     send the runs to 'tokensim worker' processes through a BullMQ
                          queue on Redis, as 'tokensim sweep --queue' does (the workers
                          need the scenario, not --out: the shock travels in each run's --sets)
  --queue-name <name>     the queue's name (default tokensim-runs)
  --chunk <n>             runs per queue job (default 4)
  --out <dir>             output directory (default results/<scenario>-stress)
  --resume                continue the search in --out (same command)
  --json                  print stress.json instead of the summary
  --quiet                 no progress lines

Writes (see docs/stress.md):
  <out>/stress.json             minimal shocks (cost, P(spiral) with its interval, first leg)
                                and the frontier of shock cost against P(spiral)
  <out>/stress-scenario.mts     the scenario with the shockCostUsd run outcome
  <out>/study.json, optimize.json, history.arrow, generations/   the optimiser's study
  with --compare: one such folder per value, <out>/<key>=<value>/, and <out>/compare.json

Exit codes: 0 done; 2 bad input; 130 interrupted by SIGINT or SIGTERM (continue with --resume).`;

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x));
const usd = (x: number) =>
  !Number.isFinite(x)
    ? String(x)
    : x >= 1e6
      ? `${fmt(x / 1e6)}M`
      : x >= 1e3
        ? `${fmt(x / 1e3)}k`
        : fmt(x);

/** Shock parameters as `crashDrop=0.9 crashSteps=24`. */
const params = (ps: Record<string, number>) =>
  Object.entries(ps)
    .map(([k, v]) => `${k.replace(/^shocks\./, "")}=${fmt(v)}`)
    .join(" ");

function formatShock(m: MinimalShock, confidence: number): string[] {
  const pct = Math.round(confidence * 100);
  const parts = (
    [
      ["crash", m.cost.crashUsd],
      ["liquidity", m.cost.liquidityUsd],
      ["power", m.cost.powerUsd],
      ["demand", m.cost.demandUsd],
      ["cheating", m.cost.cheatingUsd],
    ] as const
  )
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${usd(v)}`);
  const legs = m.firstLeg;
  const leg =
    legs.mostly === null
      ? "no spiral to examine"
      : `started by ${legs.mostly} in ${legs.counts[legs.mostly]} of ${legs.runsExamined} spiralled runs examined${legs.meanStartStep === null ? "" : `, mean start step ${Math.round(legs.meanStartStep)}`}`;
  return [
    `  ${params(m.parameters)}  (${m.source}${m.feasible ? "" : "; P(spiral) below p on fresh seeds"})`,
    `    cost USD ${usd(m.cost.totalUsd)}${parts.length > 1 ? ` (${parts.join(" + ")})` : ""}`,
    `    P(spiral) ${fmt(m.pSpiral.estimate)}, ${pct}% CI [${fmt(m.pSpiral.lower)}, ${fmt(m.pSpiral.upper)}] (${m.pSpiral.method}; ${m.spirals} of ${m.runs} runs)`,
    `    ${leg}`,
  ];
}

/** The summary printed at the end of a search. */
function formatStress(r: StressResult): string {
  const lines = [
    `stress ${r.scenario}: cheapest ${r.families.join("+")} shock with P(spiral) >= ${r.p}; stopped by ${r.stopped}; ${r.runs.search} search runs + ${r.runs.final} on fresh seeds + ${r.runs.legs} re-run for legs`,
  ];
  if (r.breakingPoint) lines.push("breaking point:", ...formatShock(r.breakingPoint, r.confidence));
  else
    lines.push(
      `breaking point: none confirmed (no finalist reached P(spiral) >= ${r.p} on fresh seeds)${r.searchCheapest ? `; the search's cheapest that did on its own runs: USD ${usd(r.searchCheapest.costUsd)} (${params(r.searchCheapest.parameters)})` : ""}`,
    );
  const others = r.minimal.filter((m) => m !== r.breakingPoint);
  if (others.length > 0) lines.push("other finalists:");
  for (const m of others) lines.push(...formatShock(m, r.confidence));
  lines.push(`frontier (cost USD → P(spiral), ${r.frontier.length} of ${r.evaluated} candidates):`);
  for (const f of r.frontier)
    lines.push(
      `  ${usd(f.costUsd).padStart(8)}  ${fmt(f.pSpiral.estimate).padEnd(6)} [${fmt(f.pSpiral.lower)}, ${fmt(f.pSpiral.upper)}]  ${params(f.parameters)}`,
    );
  return lines.join("\n");
}

/** The comparison line of `--compare`: each value's breaking point against the first's. */
function formatCompare(key: string, results: [string, StressResult][]): string[] {
  const [v0, r0] = results[0]!;
  const base = r0.breakingPoint?.cost.totalUsd;
  const lines = [`breaking points by ${key}:`];
  for (const [v, r] of results) {
    const c = r.breakingPoint?.cost.totalUsd;
    const sc = r.searchCheapest;
    let rel = "";
    if (c !== undefined && base !== undefined && v !== v0 && base > 0)
      rel = `: ${fmt(c / base)}x the shock of ${key}=${v0}`;
    lines.push(
      c !== undefined
        ? `  ${key}=${v}: USD ${usd(c)}${rel}`
        : sc
          ? `  ${key}=${v}: none confirmed on fresh seeds; the search's cheapest with P(spiral) >= ${r.p} on its own runs cost USD ${usd(sc.costUsd)} (${params(sc.parameters)})`
          : `  ${key}=${v}: no shock within the ranges reached P(spiral) >= ${r.p} (the breaking point is beyond them)`,
    );
  }
  return lines;
}

function parse(argv: readonly string[]) {
  return parseCommandArgs("stress", argv, {
    ...STUDY_OPTIONS,
    target: { type: "string" },
    p: { type: "string" },
    shocks: { type: "string" },
    compare: { type: "string" },
    "leg-runs": { type: "string" },
    ...QUEUE_OPTIONS,
  });
}

function request(ref: string, v: ReturnType<typeof parse>["values"]): StressRequest {
  if (v.target === undefined)
    throw new UsageError("--target is required: --target spiral (see 'tokensim stress --help')");
  if (v.target !== "spiral")
    throw new UsageError(`--target ${JSON.stringify(v.target)}: only 'spiral' is supported`);
  const p = fractionFlag("p", v.p, false);
  const legRuns = integerFlag("leg-runs", v["leg-runs"], undefined, 0);
  return {
    scenario: ref,
    target: v.target,
    ...(p !== undefined && { p }),
    ...(v.shocks !== undefined && { shocks: v.shocks.split(",").map((s) => s.trim()) }),
    ...(legRuns !== undefined && { legRuns }),
    ...studyFlagSettings(v),
  };
}

/** `--compare key=v1,v2`: the key and its values. */
function parseCompare(text: string | undefined): { key: string; values: string[] } | undefined {
  if (text === undefined) return undefined;
  const eq = text.indexOf("=");
  const values =
    eq > 0
      ? text
          .slice(eq + 1)
          .split(",")
          .map((s) => s.trim())
      : [];
  if (eq <= 0 || values.length < 2 || values.some((s) => s === "" || /[/\\]/.test(s)))
    throw new UsageError(
      `--compare ${JSON.stringify(text)}: expected key=v1,v2[,...] (two or more values)`,
    );
  return { key: text.slice(0, eq).trim(), values };
}

/** `tokensim stress`: a worst-case shock search on worker threads or a queue. */
export const stressCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, ref } = parse(argv);
    const req = request(ref, values);
    const compare = parseCompare(values.compare);
    const out = studyOut("stress", ref, values.out);
    const quiet = values.quiet === true;
    // The runs name the scenario as given, not the wrapper in --out: a queue worker runs them too.
    return withStudyExecutor("stress", values, out, async (ex, signal) => {
      const one = async (r: StressRequest, dir: string, label: string) => {
        const progress = quiet ? undefined : createProgress(label, "runs");
        return runStress(r, {
          out: dir,
          executor: ex.run,
          concurrency: ex.concurrency,
          resume: values.resume === true,
          signal,
          ...(progress ? { onProgress: progress } : {}),
        });
      };
      if (!compare) {
        const result = await one(req, out, `stress ${ref}`);
        if (!result) return interruptedStudy(out);
        if (values.json) process.stdout.write(studyJson(result));
        else {
          console.log(formatStress(result));
          console.log(`wrote ${join(out, "stress.json")}`);
        }
        return 0;
      }
      const results: [string, StressResult][] = [];
      for (const v of compare.values) {
        const dir = join(out, `${compare.key}=${v}`);
        const r = await one(
          { ...req, sets: [...(req.sets ?? []), `${compare.key}=${v}`] },
          dir,
          `stress ${ref} ${compare.key}=${v}`,
        );
        if (!r) return interruptedStudy(out);
        results.push([v, r]);
      }
      const summary = {
        format: "tokensim-stress-compare/1",
        key: compare.key,
        results: results.map(([value, r]) => ({
          value,
          out: join(out, `${compare.key}=${value}`),
          breakingPoint: r.breakingPoint,
        })),
      };
      writeFileAtomic(join(out, "compare.json"), studyJson(summary));
      if (values.json) process.stdout.write(studyJson(summary));
      else {
        for (const [v, r] of results) console.log(`${compare.key}=${v}:\n${formatStress(r)}`);
        console.log(formatCompare(compare.key, results).join("\n"));
        console.log(`wrote ${join(out, "compare.json")}`);
      }
      return 0;
    });
  },
};
