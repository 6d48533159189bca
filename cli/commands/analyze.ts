import { join } from "node:path";
import { parseArgs } from "node:util";
import type { SweepAnalysis } from "../../engine/analysis/sweepAnalysis.ts";
import { TokensimError } from "../../engine/errors.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag } from "../flags.ts";

const HELP = `Usage: tokensim analyze <sweep-dir> [options]

Global sensitivity analysis of a sweep made with --design saltelli or --design morris.

saltelli: first-order (Saltelli et al. 2010) and total-order (Jansen 1999) Sobol
  indices with percentile bootstrap intervals over the N base rows, and a
  convergence check: N is too small when an interval is wider than --max-width or
  an index moves by more than half of it between N/2 and N base rows.
morris: mu, mu* and sigma of the elementary effects per parameter (Morris 1991;
  Campolongo et al. 2007), with a bootstrap interval of mu*.

The outcome at a point is the mean over its completed runs; pSpiral is the share
of runs with a death spiral, P(spiral).

Options:
  --outcome <name>      an outcome (repeatable): pSpiral, a numeric column of runs.arrow, or
                        a check outcome (activeRatioEnd, priceRatioEnd, spiralled, or one the
                        scenario's checks declare; those reading per-step columns need a sweep
                        that kept them); default pSpiral, priceEndUsd, providersActiveEnd and
                        every outcome.*
  --bootstrap <B>       bootstrap resamples (default 1000)
  --confidence <c>      confidence level of the intervals (default 0.95)
  --max-width <w>       saltelli: widest interval the convergence check accepts (default 0.1)
  --seed <n>            seed of the bootstrap (default: the sweep's root seed)
  --json                print analysis.json instead of the table

Writes <sweep-dir>/analysis.json and analysis.arrow (one row per outcome and
parameter); see docs/sweeps.md.
Exit codes: 0 done (a Sobol analysis that has not converged says so in its table and in
one 'warning:' line on stderr); 2 bad input.`;

const num = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : "-");
const interval = (lo: number, hi: number) =>
  Number.isFinite(lo) ? `[${num(lo)}, ${num(hi)}]` : "-";

/** Lines of aligned columns, the first column left-aligned. */
function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join("  ");
  return [line(head), ...rows.map(line)];
}

/** The printed report: one table per outcome. */
export function formatAnalysis(a: SweepAnalysis): string {
  const out = [
    `${a.method} analysis of ${a.scenario}: ${a.parameters.length} parameters, ${a.method === "saltelli" ? "N" : "r"}=${a.samples}, ${a.runsPerPoint} run(s) per point, ${Math.round(a.bootstrap.confidence * 100)}% bootstrap intervals (B=${a.bootstrap.resamples})`,
  ];
  for (const o of a.outcomes) {
    out.push("", `outcome ${o.name}`);
    if (o.sobol) {
      if (!o.sobol.convergence) {
        out.push("  constant over the sample: no indices");
        continue;
      }
      const rows = o.sobol.indices.map((i) => [
        i.parameter,
        num(i.S1),
        interval(i.S1Low, i.S1High),
        num(i.ST),
        interval(i.STLow, i.STHigh),
      ]);
      out.push(
        ...table(["parameter", "S1", "S1 interval", "ST", "ST interval"], rows).map(
          (l) => `  ${l}`,
        ),
      );
      out.push(`  ${o.sobol.convergence.message}`);
    } else if (o.morris) {
      const ranked = [...o.morris].sort((x, y) => y.muStar - x.muStar);
      const rows = ranked.map((m) => [
        m.parameter,
        num(m.mu, 4),
        num(m.muStar, 4),
        interval(m.muStarLow, m.muStarHigh),
        num(m.sigma, 4),
      ]);
      out.push(
        ...table(["parameter", "mu", "mu*", "mu* interval", "sigma"], rows).map((l) => `  ${l}`),
      );
    }
  }
  return out.join("\n");
}

/** `tokensim analyze`: Sobol indices or Morris effects of a design sweep. */
export const analyzeCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        outcome: { type: "string", multiple: true },
        bootstrap: { type: "string" },
        confidence: { type: "string" },
        "max-width": { type: "string" },
        seed: { type: "string" },
        json: { type: "boolean" },
      },
    });
    if (positionals.length !== 1)
      throw new UsageError("expected one sweep directory (see 'tokensim analyze --help')");
    const dir = positionals[0]!;
    const fraction = (name: string, raw: string | undefined) => {
      if (raw === undefined) return undefined;
      const v = Number(raw);
      if (!(v > 0 && v < 1))
        throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected a number between 0 and 1`);
      return v;
    };
    const confidence = fraction("confidence", values.confidence);
    const maxWidth = fraction("max-width", values["max-width"]);
    const seed = integerFlag("seed", values.seed);
    const { analyzeSweep } = await import("../../engine/analysis/sweepAnalysis.ts");
    try {
      const a = await analyzeSweep(dir, {
        outcomes: values.outcome ?? [],
        resamples: integerFlag("bootstrap", values.bootstrap, 1000, 10),
        ...(confidence !== undefined ? { confidence } : {}),
        ...(maxWidth !== undefined ? { maxWidth } : {}),
        ...(seed !== undefined ? { seed } : {}),
      });
      const unconverged = a.outcomes.filter((o) => o.sobol?.convergence?.converged === false);
      if (unconverged.length > 0) {
        // The advice of the outcome with the widest interval (the largest N).
        const worst = unconverged
          .map((o) => o.sobol!.convergence!)
          .reduce((w, c) => (c.widestInterval > w.widestInterval ? c : w));
        process.stderr.write(
          `warning: N=${a.samples} base rows are too few for ${unconverged.map((o) => o.name).join(", ")}: ${worst.message.replace(/^N=\d+ too small: /, "")}\n`,
        );
      }
      if (values.json === true)
        console.log(
          JSON.stringify(a, (_, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2),
        );
      else
        console.log(
          `${formatAnalysis(a)}\n\nwrote ${join(dir, "analysis.json")}, ${join(dir, "analysis.arrow")}`,
        );
      return 0;
    } catch (err) {
      if (err instanceof TokensimError) throw new UsageError(err.message);
      throw err;
    }
  },
};
