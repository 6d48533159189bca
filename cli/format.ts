import type { RunSummary } from "../engine/pipeline/run.ts";

const n0 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const n2 = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const n4 = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });
const pct = (x: number) => `${x >= 0 ? "+" : ""}${n2.format(x)}%`;

/** The short human summary of a run printed on the terminal. */
export function formatSummary(s: RunSummary): string {
  const h = s.headline;
  const lines = [
    `scenario ${s.scenario}, seed ${s.seed}, ${s.stepsCompleted}/${s.steps} steps`,
    `  price          ${n4.format(h.priceStartUsd)} -> ${n4.format(h.priceEndUsd)} USD (${pct(h.priceChangePct)}, max drawdown ${n2.format(h.maxDrawdownPct)}%)`,
    `  supply         ${n0.format(h.supplyStartTokens)} -> ${n0.format(h.supplyEndTokens)} tokens (${pct(h.supplyChangePct)})`,
    `  minted/burned  ${n0.format(h.mintedTokens)} minted, ${n0.format(h.burnedTokens)} burned (ratio ${n2.format(h.burnedTokens > 0 ? h.mintedTokens / h.burnedTokens : 0)})`,
    `  slashed        ${n0.format(h.slashedTokens)} tokens; ${n0.format(h.cheatersCaught)} cheaters caught, ${n0.format(h.falseFlags)} honest providers falsely flagged`,
    `  providers      ${n0.format(h.providersStart)} at start, ${n0.format(h.providersActiveEnd)} active at end (peak ${n0.format(h.providersActivePeak)}; ${n0.format(h.entrants)} joined, ${n0.format(h.exits)} exited)`,
    `  jobs           ${n0.format(h.jobsServed)} served, ${n0.format(h.jobsDropped)} dropped of ${n0.format(h.jobsArrived)} (${n2.format(100 * h.dropRate)}% dropped); mean utilisation ${n2.format(100 * h.meanUtilisation)}%`,
    `  revenue        ${n0.format(h.revenueUsd)} USD from clients`,
    s.status === "ok"
      ? "  invariants     all held"
      : `  invariants     FAILED: ${s.failure?.message ?? "unknown"}`,
  ];
  return lines.join("\n");
}
