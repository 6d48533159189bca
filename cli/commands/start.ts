import { join } from "node:path";
import { TokensimError } from "../../engine/errors.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { DEFAULT_STUDY, DEFAULT_STUDY_ID } from "../../scenarios/studies/defaultStudy.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { createProgress } from "../progress.ts";
import { serveDashboard } from "../serveDashboard.ts";
import { serveOptions } from "./serve.ts";

/** `tokensim start` (`npm start`): the default study, then the dashboard. */
export const startCommand: CliCommand = {
  help: `Usage: tokensim start [serve options]

Runs the default study if it is not in the results folder yet: a Monte Carlo
sweep of the baseline scenario over 90 days (emission.tokensPerEpoch 23000,
46000, 92000 × verification.sampleRate 0.01, 0.05; 4 runs per point) on the
local worker pool, into <results>/${DEFAULT_STUDY_ID}; an interrupted study
resumes. Then serves the dashboard and opens it in the browser (--no-open not
to). Takes every option of 'tokensim serve'.`,
  async run(argv) {
    const opts = serveOptions(argv, { open: true, results: "results", createResults: true });
    const { createExecutor } = await import("../../workers/executor.ts");
    const executor = await createExecutor({ workers: opts.workers });
    try {
      const outcome = await runSweep(DEFAULT_STUDY, {
        out: join(opts.resultsDir, DEFAULT_STUDY_ID),
        executor: executor.run,
        concurrency: executor.concurrency,
        resume: true,
        onProgress: createProgress("default study (baseline sweep)", "runs"),
      });
      process.stderr.write(
        `default study: ${outcome.total} runs in ${join(opts.resultsDir, DEFAULT_STUDY_ID)} (${outcome.executed} run now, ${outcome.skipped} already done)\n`,
      );
    } catch (err) {
      if (err instanceof TokensimError)
        throw new UsageError(
          `default study: ${err.message} (remove ${join(opts.resultsDir, DEFAULT_STUDY_ID)} to run it afresh)`,
        );
      throw err;
    } finally {
      await executor.close();
    }
    return serveDashboard(opts);
  },
};
