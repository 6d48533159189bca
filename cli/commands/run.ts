import { join } from "node:path";
import { parseArgs } from "node:util";
import { RunInterrupted, runScenarioToFiles } from "../../api/run.ts";
import { type CalibrationApplied, calibrationParams } from "../../calibration/scenarioParams.ts";
import { TokensimError } from "../../engine/errors.ts";
import { defaultParams, loadScenario, resolveParams } from "../../engine/scenario.ts";
import { snapshotOverrides } from "../../engine/series/snapshot.ts";
import {
  CALIBRATION_HELP,
  formatCalibration,
  loadProfiles,
  refuseDegraded,
  splitCalibrationArgs,
} from "../calibrationFlag.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag } from "../flags.ts";
import { formatSummary } from "../format.ts";
import { createProgress } from "../progress.ts";
import { interruptible } from "../stopSignal.ts";

const HELP = `Usage: tokensim run <scenario> [options]

Simulates one seeded run of a scenario and writes its results.

<scenario>            a scenario file (scenarios/baseline.ts) or a bundled scenario's name (baseline)

Options:
  --seed <n>          root seed (integer, default 42); same scenario, parameters and seed give the same bytes
  --out <dir>         output directory (default results/<scenario>)
  --set key=value     override a parameter by its dotted path (repeatable), e.g.
                      --set emission.tokensPerEpoch=30000 --set verification.sampleRate=0.05
                      'tokensim params <scenario>' lists every parameter with unit, default and range
  --steps <n>         shorthand for --set sim.steps=<n>
  --run-index <n>     Monte Carlo run number (selects independent random streams; default 0)
${CALIBRATION_HELP}
  --allow-degraded    use a profile marked "degraded" (too many of its requests failed: it measured
                      refusals more than speed), which --calibration otherwise refuses
  --snapshot <f>      start from a network's state in a JSON file (price, supply, AMM depth,
                      treasury, providers by hardware class and region; docs/inputs.md)
                      instead of the scenario's genesis; --set still wins
  --quiet             no progress and no summary on the terminal

Writes:
  <out>/steps.arrow   per-step metrics, Arrow IPC file (one row per step; units in the field metadata)
  <out>/summary.json  parameters, seed, tokensim version, headline figures and invariant status

Exit codes: 0 ok, 1 an invariant failed (results so far are kept), 2 bad input or
an error (a full disk...: nothing is left behind), 130 interrupted by Ctrl-C
(nothing is left behind).`;

/** `tokensim run`: one seeded run to Arrow and JSON. */
export const runCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, positionals: args } = parse(argv);
    const { files: calibrationFiles, positionals } = splitCalibrationArgs(values.calibration, args);
    if (positionals.length !== 1)
      throw new UsageError("expected one scenario (see 'tokensim run --help')");
    const ref = positionals[0]!;
    const sets = [...(values.set ?? [])];
    if (values.steps !== undefined) sets.push(`sim.steps=${values.steps}`);
    const seed = integerFlag("seed", values.seed, 42);
    const runIndex = integerFlag("run-index", values["run-index"], 0);
    // Ctrl-C stops the run before its next step and removes the file being written.
    const interrupt = interruptible();
    try {
      const scenario = await loadScenario(ref);
      // A snapshot's figures come first: --set and calibration profiles still win.
      if (values.snapshot)
        sets.unshift(...snapshotOverrides(values.snapshot, defaultParams(scenario)));
      let calibration: CalibrationApplied | undefined;
      if (calibrationFiles.length > 0) {
        const profiles = await loadProfiles(calibrationFiles);
        if (!values["allow-degraded"]) refuseDegraded(profiles);
        calibration = calibrationParams(resolveParams(scenario, sets), profiles);
        if (!values.quiet) console.error(formatCalibration(calibration));
      }
      const out = values.out ?? join("results", scenario.name);
      const progress = values.quiet ? undefined : createProgress(`run ${scenario.name}`, "steps");
      const t0 = performance.now();
      const summary = await runScenarioToFiles(
        scenario,
        out,
        {
          seed,
          runIndex,
          sets: [...(calibration?.sets ?? []), ...sets],
          signal: interrupt.signal,
          ...(progress ? { onProgress: progress } : {}),
        },
        calibration ? { calibration } : {},
      );
      const secs = (performance.now() - t0) / 1000;
      const summaryPath = join(out, "summary.json");
      if (!values.quiet) {
        console.log(formatSummary(summary));
        console.log(
          `  wrote          ${join(out, "steps.arrow")}, ${summaryPath} (${secs.toFixed(1)} s)`,
        );
      }
      return summary.status === "ok" ? 0 : 1;
    } catch (err) {
      if (err instanceof RunInterrupted) {
        console.error(`\ntokensim run: ${err.message}`);
        return 130;
      }
      if (err instanceof TokensimError) throw new UsageError(err.message);
      throw err;
    } finally {
      interrupt.release();
    }
  },
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      seed: { type: "string" },
      out: { type: "string" },
      set: { type: "string", multiple: true },
      steps: { type: "string" },
      "run-index": { type: "string" },
      calibration: { type: "string", multiple: true },
      "allow-degraded": { type: "boolean" },
      snapshot: { type: "string" },
      quiet: { type: "boolean" },
    },
  });
}
