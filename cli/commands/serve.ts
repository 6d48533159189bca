import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  DEFAULT_MAX_OUTPUT_BYTES,
  DEFAULT_MAX_PROVIDER_STEPS,
} from "../../dashboard/server/sweepManager.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag } from "../flags.ts";
import { type ServeOptions, serveDashboard } from "../serveDashboard.ts";

const HELP = `Usage: tokensim serve [options]

Serves the dashboard: a web page (bundled by esbuild, nothing fetched from outside)
and its API over the results on disk. Launch sweeps from the page, follow them live,
look at fan charts, death spirals, sweep heatmaps, calibration profiles; download
Arrow and CSV.

Options:
  --results <dir>       folder of results (sweeps and runs); new sweeps go there (default results)
  --port <n>            TCP port (default 8080; 0 picks a free one)
  --host <addr>         address to bind (default 127.0.0.1, this machine only); beyond
                        loopback every request needs an access token
  --token <t>           the access token (default: a random one, printed in the URL)
  --calibration <dir>   folder of calibration profiles to show (default calib)
  --max-runs <n>        sweeps running at once; more get 429 with Retry-After (default 1)
  --workers <n>         worker threads for sweeps (default 2)
  --max-provider-steps <n>  budget of one launch: runs × steps × providers (default 2e10);
                        a launch over it is refused with 422 before anything runs
  --max-output-gb <x>   budget of one launch: GB of per-step output (default 2)
  --open                open the page in the browser
  --log-level <level>   pino log level: fatal, error, warn, info, debug (default info)

Logs are JSON lines (pino) on stdout. Ctrl-C (or SIGTERM) stops: no new runs, the
runs in flight finish and are written, then the server exits.`;

const LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function positive(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!(v > 0) || !Number.isFinite(v))
    throw new UsageError(`--${name} ${raw}: expected a positive number`);
  return v;
}

function token(raw: string): string {
  if (raw.length < 16 || !/^[A-Za-z0-9._~-]+$/.test(raw))
    throw new UsageError("--token: at least 16 characters of A-Z a-z 0-9 . _ ~ -");
  return raw;
}

/** Parses serve's options (shared with `tokensim start`). */
export function serveOptions(
  argv: readonly string[],
  defaults: { open: boolean; results: string; createResults?: boolean },
): ServeOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      results: { type: "string" },
      port: { type: "string" },
      host: { type: "string" },
      token: { type: "string" },
      calibration: { type: "string" },
      "max-runs": { type: "string" },
      workers: { type: "string" },
      "max-provider-steps": { type: "string" },
      "max-output-gb": { type: "string" },
      open: { type: "boolean" },
      "no-open": { type: "boolean" },
      "log-level": { type: "string" },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const logLevel = values["log-level"] ?? "info";
  if (!LEVELS.includes(logLevel))
    throw new UsageError(`--log-level ${logLevel}: one of ${LEVELS.join(", ")}`);
  // A --results folder that does not exist is a typo, not an empty catalogue (only
  // the default folder, or one `start` fills, is created).
  if (values.results !== undefined && !defaults.createResults && !existsSync(values.results))
    throw new UsageError(`--results ${values.results}: no such folder`);
  return {
    resultsDir: values.results ?? defaults.results,
    calibrationDir: values.calibration ?? "calib",
    host: values.host ?? "127.0.0.1",
    port: integerFlag("port", values.port, 8080, 0, 65535),
    maxActive: integerFlag("max-runs", values["max-runs"], 1, 1, 64),
    workers: integerFlag("workers", values.workers, 2, 1, 256),
    maxProviderSteps: positive(
      "max-provider-steps",
      values["max-provider-steps"],
      DEFAULT_MAX_PROVIDER_STEPS,
    ),
    maxOutputBytes:
      positive("max-output-gb", values["max-output-gb"], DEFAULT_MAX_OUTPUT_BYTES / 1e9) * 1e9,
    ...(values.token !== undefined ? { token: token(values.token) } : {}),
    open: values["no-open"] ? false : (values.open ?? defaults.open),
    logLevel,
  };
}

/** `tokensim serve`: the dashboard's server. */
export const serveCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    return serveDashboard(serveOptions(argv, { open: false, results: "results" }));
  },
};
