import { join } from "node:path";
import { studyJson } from "../../engine/optimize/record.ts";
import { parseRareEvent } from "../../engine/rare/event.ts";
import { writeRare } from "../../engine/rare/output.ts";
import { type RareResult, runRare } from "../../engine/rare/scenarioRare.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag, parseCommandArgs, stepsSet } from "../flags.ts";
import { createProgress } from "../progress.ts";
import { QUEUE_OPTIONS, withStudyExecutor } from "../studyExecutor.ts";
import { fractionFlag, studyOut } from "../studyFlags.ts";
import { rethrowAsUsage } from "../usageErrors.ts";

/** An interrupted estimate writes nothing: it has no partial result to resume from. */
function interrupted(): number {
  process.stderr.write("interrupted: no estimate written\n");
  return 130;
}

const HELP = `Usage: tokensim rare <scenario> --event spiral [--score nearness] --budget <runs|Nsteps> [options]

Estimates the probability of a rare event of a run (a death spiral, a deep price
drawdown, a provider exodus) down to 1e-4 ... 1e-6, where plain Monte Carlo sees
nothing, by adaptive multilevel splitting over the run's random streams: particles
climb a score towards the event; at each iteration those with the lowest score are
killed and replaced by copies of survivors, re-simulated from step 0 to the step
where the survivor passed that level, then continued on re-seeded streams.
Independent replicas give the 95% interval (see docs/rare.md).

<scenario>              a scenario file (scenarios/x.ts) or a bundled scenario's name
Event:
  --event <e>             spiral (the death-spiral detector fires), drawdown>X (the price
                          falls more than X, a fraction, under its running peak) or
                          exodus>X (active providers fall more than X under their peak)
  --score <s>             the score the spiral event is split on: nearness (default: the
                          legs' joint progress and how long they held), drawdown or exodus
Options:
  --budget <b>            total budget: runs (20000 or 20000runs) or steps, replay
                          included (5000000steps); split evenly across replicas; a
                          replica that runs out reports a bound instead of an estimate
  --particles <n>         particles per replica (default 100)
  --replicas <n>          independent replicas, at least 2 (default 10)
  --confidence <c>        confidence of the interval (default 0.95)
  --set key=value         override a parameter in every run (repeatable)
  --steps <n>             shorthand for --set sim.steps=<n>
  --seed <n>              root seed (default 42)
  --workers <n>           worker threads, one replica per task (default: one per core;
                          0 runs in this thread); the result is the same for any number
  --queue <redis-url>     send the replicas to 'tokensim worker' processes through a
                          BullMQ queue on Redis, as 'tokensim sweep --queue' does
  --queue-name <name>     the queue's name (default tokensim-runs)
  --chunk <n>             replicas per queue job (default 4)
  --out <dir>             output directory (default results/<scenario>-rare)
  --json                  print rare.json instead of the summary
  --quiet                 no progress lines

Writes:
  <out>/rare.json   estimate, interval, relative error, runs and steps spent, each replica
  <out>/rare.arrow  one row per iteration: replica, iteration, level, killed, logWeight, runs, steps

Exit codes: 0 done; 2 bad input; 130 interrupted by SIGINT or SIGTERM.`;

const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : String(x));

/** `--budget`: runs (a bare number or `Nruns`) or steps (`Nsteps`). */
export function parseBudget(raw: string): { runs?: number; steps?: number } {
  const m = /^(\d+(?:\.\d+)?(?:[eE]\+?\d+)?)\s*(runs|steps)?$/.exec(raw.trim());
  const v = m ? Number(m[1]) : Number.NaN;
  if (!m || !Number.isSafeInteger(v) || v < 1)
    throw new UsageError(
      `--budget ${JSON.stringify(raw)}: expected a positive whole number of runs (20000, 20000runs) or steps (5000000steps, 5e6steps)`,
    );
  return m[2] === "steps" ? { steps: v } : { runs: v };
}

function formatRare(r: RareResult): string {
  const pct = Math.round(r.confidence * 100);
  const lines = [
    `rare ${r.scenario}: P(${r.event}) = ${fmt(r.estimate)}, ${pct}% CI [${fmt(r.lower)}, ${fmt(r.upper)}], relative error ${fmt(r.relativeError)}`,
    `  ${r.method}; score ${r.score} (event at level ${fmt(r.level)})`,
    `  spent ${r.runs} runs, ${r.steps} steps (${fmt(r.steps / r.stepsPerRun)} full runs of ${r.stepsPerRun} steps)`,
  ];
  if (r.incomplete > 0)
    lines.push(
      `  ${r.incomplete} of ${r.replicas} replicas did not reach the event (extinct or out of budget): the upper end uses their bound`,
    );
  if (r.invariantFailures > 0)
    lines.push(`  ${r.invariantFailures} runs were stopped by an invariant violation`);
  return lines.join("\n");
}

/** `tokensim rare`: a rare-event probability by adaptive multilevel splitting. */
export const rareCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values: v, ref } = parseCommandArgs("rare", argv, {
      event: { type: "string" },
      score: { type: "string" },
      budget: { type: "string" },
      particles: { type: "string" },
      replicas: { type: "string" },
      confidence: { type: "string" },
      set: { type: "string", multiple: true },
      steps: { type: "string" },
      seed: { type: "string" },
      out: { type: "string" },
      json: { type: "boolean" },
      quiet: { type: "boolean" },
      workers: { type: "string" },
      ...QUEUE_OPTIONS,
    });
    if (v.event === undefined)
      throw new UsageError(
        "--event is required: spiral, drawdown>X or exodus>X (see 'tokensim rare --help')",
      );
    const sets = [...(v.set ?? []), ...stepsSet(v.steps)];
    const confidence = fractionFlag("confidence", v.confidence, true);
    if (confidence !== undefined && confidence <= 0.5)
      throw new UsageError(`--confidence ${v.confidence}: expected a number in (0.5, 1)`);
    const out = studyOut("rare", ref, v.out);
    const replicas = integerFlag("replicas", v.replicas, 10, 2);
    const request = {
      scenario: ref,
      sets,
      event: v.event,
      ...(v.score !== undefined && { score: v.score }),
      particles: integerFlag("particles", v.particles, 100, 2),
      replicas,
      ...(v.budget !== undefined && { budget: parseBudget(v.budget) }),
      ...(confidence !== undefined && { confidence }),
      seed: integerFlag("seed", v.seed, 42, 0),
    };
    // Bad input is reported before any worker starts.
    try {
      parseRareEvent(request.event, request.score);
    } catch (err) {
      rethrowAsUsage(err);
    }
    return withStudyExecutor("rare", v, out, async (executor, signal) => {
      const progress = v.quiet ? undefined : createProgress(`rare ${ref}`, "replicas");
      progress?.(0, replicas);
      let computed: Awaited<ReturnType<typeof runRare>>;
      try {
        computed = await runRare(
          {
            ...request,
            ...(progress && { onReplica: (done: number, total: number) => progress(done, total) }),
          },
          executor.run,
        );
      } catch (err) {
        if (signal.aborted) return interrupted();
        if (err instanceof RangeError) throw new UsageError(err.message);
        throw err;
      }
      const { result, iterations } = computed;
      writeRare(out, result, iterations);
      if (v.json) process.stdout.write(studyJson(result));
      else {
        console.log(formatRare(result));
        console.log(`wrote ${join(out, "rare.json")} and ${join(out, "rare.arrow")}`);
      }
      return 0;
    });
  },
};
