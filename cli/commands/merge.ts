import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { TokensimError } from "../../engine/errors.ts";
import { mergeSweeps } from "../../engine/sweep/merge.ts";
import { readRunRecords } from "../../engine/sweep/tables.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { formatSweepTable, rerunCommand } from "./sweepFormat.ts";

const HELP = `Usage: tokensim merge <dir>... --out <dir>

Combines the output directories of one sweep's shards ('tokensim sweep --shard i/N')
into one sweep directory and writes its tables. The inputs must be the same sweep
(same scenario file, axes, runs, seed and options: their manifests are compared).
The merged directory is byte for byte what one unsharded sweep writes.

Options:
  --out <dir>   the merged directory (required; may be one of the inputs)
  --quiet       no table

While runs are missing, no table is written (missing.json lists the runs), so the
folder never looks finished; merging the missing shard in completes it.

Exit codes: 0 merged, every run present and ok; 1 runs missing or failed (listed);
2 bad input (not a sweep, different sweeps).`;

/** `tokensim merge`: shards of a sweep into one directory. */
export const mergeCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { out: { type: "string" }, quiet: { type: "boolean" } },
    });
    if (positionals.length === 0) throw new UsageError("expected the shard directories to merge");
    if (!values.out) throw new UsageError("--out <dir> is required");
    const seen = new Set<string>();
    for (const dir of positionals) {
      if (dir.trim() === "") throw new UsageError("a shard directory is an empty string");
      const abs = resolve(dir);
      if (seen.has(abs)) throw new UsageError(`${dir} is given twice`);
      seen.add(abs);
    }
    try {
      const outcome = mergeSweeps(positionals, values.out);
      if (!values.quiet)
        console.log(formatSweepTable(outcome.manifest, readRunRecords(values.out)));
      const total = outcome.manifest.points.length * outcome.manifest.runsPerPoint;
      console.log(
        `merged ${outcome.runs}/${total} runs of ${outcome.manifest.scenario} into ${values.out}`,
      );
      if (outcome.missing.length > 0) {
        const shown = outcome.missing.slice(0, 10).map((m) => `p${m.point}/r${m.run}`);
        console.error(
          `MISSING ${outcome.missing.length} runs: ${shown.join(", ")}${outcome.missing.length > 10 ? ", ..." : ""} (is a shard unfinished? resume it with --resume); no tables written, ${values.out}/missing.json lists them`,
        );
      }
      for (const f of outcome.failures)
        console.error(
          `${f.status.toUpperCase()} point ${f.point} run ${f.run} seed ${f.seed}: ${f.message}\n  rerun: ${rerunCommand(outcome.manifest, f)}`,
        );
      return outcome.missing.length > 0 || outcome.failures.length > 0 ? 1 : 0;
    } catch (err) {
      if (err instanceof TokensimError) throw new UsageError(err.message);
      throw err;
    }
  },
};
