import { join } from "node:path";
import type { RuleAnalysis } from "../../engine/analysis/ruleAnalysis.ts";
import type { SweepAnalysis } from "../../engine/analysis/sweepAnalysis.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag, parseCommandArgs } from "../flags.ts";
import { rethrowAsUsage } from "../usageErrors.ts";

const HELP = `Usage: tokensim analyze <sweep-dir> [options]

Global sensitivity analysis of a sweep made with --design saltelli or --design morris;
with --require, on any sweep, which settings pass tokensim check assertions.

saltelli: first-order (Saltelli et al. 2010) and total-order (Jansen 1999) Sobol
  indices with percentile bootstrap intervals over the N base rows, and a
  convergence check: N is too small when an interval is wider than --max-width or
  an index moves by more than half of it between N/2 and N base rows.
morris: mu, mu* and sigma of the elementary effects per parameter (Morris 1991;
  Campolongo et al. 2007), with a bootstrap interval of mu*.

The outcome at a point is the mean over its completed runs; pSpiral is the share
of runs with a death spiral, P(spiral).

--require labels each point pass (every assertion passes over the point's completed
  runs, decided as tokensim check decides it), fail (one fails) or inconclusive (left
  out, counted), and fits a CART decision tree (Gini) over the swept parameters to
  the labelled points: printed as rules such as "keeps: verification.sampleRate >=
  0.021 and verification.slashFraction >= 0.31 (12 of 12 points pass)", with the
  training accuracy, a stratified k-fold cross-validated accuracy and the share
  that passes.

Options:
  --outcome <name>      an outcome (repeatable): pSpiral, a numeric column of runs.arrow, or
                        a check outcome (activeRatioEnd, priceRatioEnd, spiralled, or one the
                        scenario's checks declare; those reading per-step columns need a sweep
                        that kept them); default pSpiral, priceEndUsd, providersActiveEnd and
                        every outcome.*
  --bootstrap <B>       bootstrap resamples (default 1000)
  --confidence <c>      confidence level of the intervals (default 0.95; --require: the
                        scenario's checks.confidence if it declares one)
  --max-width <w>       saltelli: widest interval the convergence check accepts (default 0.1)
  --require <assertion> an assertion every passing point must pass (repeatable): a statistic
                        and a bound as in optimize --constraint, "probability(spiralled>0)<0.05",
                        "quantile(maxDrawdownPct,0.5)<60", "mean(activeRatioEnd)>0.8", or the
                        name of one of the scenario's checks.assertions
  --max-depth <d>       --require: deepest tree (default 3)
  --min-leaf <n>        --require: fewest points in a leaf (default max(3, 2% of the labelled))
  --folds <k>           --require: cross-validation folds (default 5)
  --seed <n>            seed of the bootstrap and the folds (default: the sweep's root seed)
  --json                print analysis.json instead of the table

Writes <sweep-dir>/analysis.json and, with indices, analysis.arrow (one row per outcome
and parameter); see docs/sweeps.md.
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
  if (a.outcomes.length === 0 && a.rules) return formatRules(a, a.rules).join("\n");
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
  if (a.rules) out.push("", ...formatRules(a, a.rules));
  return out.join("\n");
}

const pct = (x: number) => `${Number((100 * x).toFixed(1))}%`;
const share = (c: { correct: number; points: number; accuracy: number }) =>
  `${pct(c.accuracy)} (${c.correct} of ${c.points})`;

/** The rule list: the points' labels, the rules, and the tree's accuracy. */
export function formatRules(a: SweepAnalysis, r: RuleAnalysis): string[] {
  const interval = `${r.evaluation.probabilityInterval}/bootstrap ${Math.round(r.evaluation.confidence * 100)}% intervals`;
  const out = [
    `which settings pass (${a.method} sweep of ${a.scenario}: ${a.parameters.length} parameters, ${r.points} points, ${a.runsPerPoint} run(s) per point, ${interval})`,
    ...r.requirements.map(
      (q) =>
        `  require ${q.statement}: ${q.pass} pass, ${q.fail} fail, ${q.inconclusive} inconclusive`,
    ),
    `  points: ${r.pass} pass, ${r.fail} fail, ${r.inconclusive} inconclusive (left out)${r.passShare === null ? "" : `; ${pct(r.passShare)} of the ${r.pass + r.fail} labelled pass`}${r.runsLeftOut > 0 ? `; ${r.runsLeftOut} failed or errored run(s) left out` : ""}`,
  ];
  if (!r.training) {
    out.push("  no point is labelled: more runs per point would decide them");
    return out;
  }
  for (const rule of r.rules)
    out.push(
      `  ${rule.prediction === "pass" ? "keeps:" : "fails:"} ${rule.text} (${rule.pass} of ${rule.points} points pass)`,
    );
  const cv = r.crossValidation
    ? `${r.crossValidation.folds}-fold cross-validated ${share(r.crossValidation)}`
    : "no cross-validation (too few points of a label)";
  out.push(
    `  CART tree (Gini), depth ${r.classifier.depth} of at most ${r.classifier.maxDepth}, ${r.classifier.leaves} ${r.classifier.leaves === 1 ? "leaf" : "leaves"} of at least ${r.classifier.minLeaf} points`,
    `  accuracy: training ${share(r.training)}, ${cv}; always "${r.pass >= r.fail ? "pass" : "fail"}": ${pct(r.majority!.accuracy)}`,
  );
  return out;
}

/** `tokensim analyze`: Sobol indices or Morris effects of a design sweep. */
export const analyzeCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, ref: dir } = parseCommandArgs(
      "analyze",
      argv,
      {
        outcome: { type: "string", multiple: true },
        bootstrap: { type: "string" },
        confidence: { type: "string" },
        "max-width": { type: "string" },
        seed: { type: "string" },
        require: { type: "string", multiple: true },
        "max-depth": { type: "string" },
        "min-leaf": { type: "string" },
        folds: { type: "string" },
        json: { type: "boolean" },
      },
      "sweep directory",
    );
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
    const maxDepth = integerFlag("max-depth", values["max-depth"]);
    const minLeaf = integerFlag("min-leaf", values["min-leaf"], undefined, 1);
    const folds = integerFlag("folds", values.folds, undefined, 2);
    const require = values.require ?? [];
    if (require.length === 0)
      for (const [flag, v] of Object.entries({ maxDepth, minLeaf, folds }))
        if (v !== undefined)
          throw new UsageError(
            `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} applies to --require`,
          );
    const { analyzeSweep } = await import("../../engine/analysis/sweepAnalysis.ts");
    try {
      const a = await analyzeSweep(dir, {
        outcomes: values.outcome ?? [],
        resamples: integerFlag("bootstrap", values.bootstrap, 1000, 10),
        ...(confidence !== undefined ? { confidence } : {}),
        ...(maxWidth !== undefined ? { maxWidth } : {}),
        ...(seed !== undefined ? { seed } : {}),
        ...(require.length > 0
          ? {
              rules: {
                require,
                ...(maxDepth !== undefined ? { maxDepth } : {}),
                ...(minLeaf !== undefined ? { minLeaf } : {}),
                ...(folds !== undefined ? { folds } : {}),
              },
            }
          : {}),
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
          `${formatAnalysis(a)}\n\nwrote ${join(dir, "analysis.json")}${a.outcomes.length > 0 ? `, ${join(dir, "analysis.arrow")}` : ""}`,
        );
      return 0;
    } catch (err) {
      rethrowAsUsage(err);
    }
  },
};
