import { parse as parsePath, resolve } from "node:path";
import { parseArgs } from "node:util";
import { TokensimError } from "../../engine/errors.ts";
import { exportParquet } from "../../engine/metrics/parquet.ts";
import { type CliCommand, UsageError } from "../command.ts";

const HELP = `Usage: tokensim export <folder|file.arrow> [--format parquet] [--quiet]

Writes a Parquet copy beside every Arrow file of a run or sweep folder (or of
one file): steps.arrow -> steps.parquet, runs.arrow -> runs.parquet, and a
sweep's steps/point=NNNN/run=NNNNN.arrow -> .parquet in the same hive layout.
Columns are zstd-compressed; types, nulls and values are the Arrow file's, and
the Arrow schema (units, descriptions, tokensim.* metadata) is kept in each
file's ARROW:schema entry. DuckDB: SELECT * FROM 'runs.parquet';
read_parquet('steps/**/*.parquet', hive_partitioning = true). polars:
pl.read_parquet / pl.scan_parquet.

Options:
  --format <f>  parquet (the only format; the default)
  --quiet       no line per file

Exit codes: 0 written; 2 bad input (no such folder, no .arrow file, a file that
is not Arrow).`;

/** `tokensim export`: Parquet copies of a result's Arrow files. */
export const exportCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { format: { type: "string" }, quiet: { type: "boolean" } },
    });
    if (positionals.length !== 1)
      throw new UsageError(
        "expected one results folder or .arrow file (see 'tokensim export --help')",
      );
    const format = values.format ?? "parquet";
    if (format !== "parquet")
      throw new UsageError(`--format ${format}: only 'parquet' is supported`);
    const target = resolve(positionals[0]!);
    // Every .arrow under the filesystem's root is never a result: refuse rather than walk the disk.
    if (target === parsePath(target).root)
      throw new UsageError(`${positionals[0]}: the filesystem's root is not a results folder`);
    try {
      const written = await exportParquet(positionals[0]!, (_arrow, parquet) => {
        if (!values.quiet) console.log(`wrote ${parquet}`);
      });
      console.log(`exported ${written.length} file(s) to Parquet`);
      return 0;
    } catch (err) {
      if (err instanceof TokensimError) throw new UsageError(err.message);
      // A folder it cannot read through (permissions, a file gone while walking): one line.
      const e = err as NodeJS.ErrnoException;
      if (typeof e.code === "string" && e.syscall !== undefined)
        throw new UsageError(
          `${positionals[0]}: cannot read ${e.path ?? "a file"} (${e.code}); export a run or sweep folder, or one .arrow file`,
        );
      throw err;
    }
  },
};
