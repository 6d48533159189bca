import type { NetworkParams } from "../params/network.ts";

/**
 * Tokens to sell in one trade, as a share of the token reserve X, that move a
 * constant-product pool's spot price from P to P·(1 − d) when the fee f is
 * taken on the input and kept in the pool (as `Amm.sellFrom` does).
 *
 * Selling Δ tokens into reserves (X, Y): out = Y·(1−f)Δ / (X + (1−f)Δ), so
 * P' = (Y − out)/(X + Δ) = X·Y / ((X + (1−f)Δ)(X + Δ)). Setting P' = (1−d)·Y/X
 * gives, with a = 1 − f and δ = Δ/X, the quadratic
 *   a(1−d)·δ² + (1−d)(1+a)·δ − d = 0,
 * whose positive root is returned. Without a fee (a = 1) it is 1/√(1−d) − 1.
 * d = 1 needs an infinite sale.
 */
export function crashSaleShare(drop: number, feeRate: number): number {
  if (!(drop > 0)) return 0;
  if (drop >= 1) return Number.POSITIVE_INFINITY;
  const a = 1 - feeRate;
  const q = 1 - drop;
  const b = q * (1 + a);
  // Positive root of (a q) δ² + b δ − d = 0, in the cancellation-free form 2c / (b + √(b² + 4·a·q·d)).
  return (2 * drop) / (b + Math.sqrt(b * b + 4 * a * q * drop));
}

/** The depth a crash reaches when the run ends before it does: 1 − (1−d)^(k/steps). */
function reachedDrop(p: NetworkParams): number {
  const sh = p.shocks;
  const k = Math.min(sh.crashSteps, p.sim.steps - sh.crashStartStep);
  return 1 - (1 - sh.crashDrop) ** (k / sh.crashSteps);
}

/** The parts of a shock's cost (USD); see `shockCost`. */
export interface ShockCost {
  /** Market crash: tokens sold × the initial price (the sell order's value before it moves the pool). */
  crashUsd: number;
  /** Liquidity withdrawal: USD taken out of the pool's USD reserve. */
  liquidityUsd: number;
  /** Regional power-price spike: extra electricity cost of the region's providers over the spike. */
  powerUsd: number;
  /** Hardware-generation arrival: not bought by anyone, counted as 0. */
  hardwareUsd: number;
  /** Demand drop: client payments lost over the drop at base demand and the base client price. */
  demandUsd: number;
  /** Coordinated cheating: the stake the ring members put at risk, at the initial price. */
  cheatingUsd: number;
  /** The sum: the stress search's objective. */
  totalUsd: number;
}

const share = (values: number[], i: number) => {
  const total = values.reduce((s, v) => s + v, 0);
  return total > 0 ? values[i]! / total : 0;
};

/**
 * The extra electricity cost (USD) of a power-price spike from the parameters
 * alone: (multiplier − 1) × hours × the region's price × the power its
 * providers draw at step 0: N·(region's provider share) providers, hardware
 * classes in their shares, each drawing idleW + (loadW − idleW)·u with u the
 * network's utilisation at base demand, min(1, base demand / capacity).
 * A multiplier under 1 (cheaper power) costs 0.
 */
function powerCost(p: NetworkParams): number {
  const sh = p.shocks;
  const regions = Object.keys(p.regions);
  if (sh.powerStartStep < 0 || sh.powerStartStep >= p.sim.steps) return 0;
  if (sh.powerRegion >= regions.length || sh.powerMultiplier <= 1) return 0;
  const classes = Object.keys(p.hardware).map((c) => p.hardware[c]!);
  const classShares = classes.map((h) => h.share);
  const n = p.providers.initial;
  const capacity = n * classes.reduce((s, h, c) => s + share(classShares, c) * h.throughput, 0);
  const u = capacity > 0 ? Math.min(1, p.demand.baseGpuHoursPerHour / capacity) : 0;
  const kwPerProvider = classes.reduce(
    (s, h, c) => s + (share(classShares, c) * (h.idleW + (h.loadW - h.idleW) * u)) / 1000,
    0,
  );
  const providers =
    n *
    share(
      regions.map((r) => p.regions[r]!.providerShare),
      sh.powerRegion,
    );
  const hours = Math.min(sh.powerSteps, p.sim.steps - sh.powerStartStep) * p.sim.stepHours;
  const usdPerKwh = p.regions[regions[sh.powerRegion]!]!.powerUsdPerKwh;
  return (sh.powerMultiplier - 1) * usdPerKwh * kwPerProvider * providers * hours;
}

/**
 * The client payments (USD) a demand drop takes from the network, from the
 * parameters alone: share × `demand.baseGpuHoursPerHour` × the drop's hours
 * within the run × `pricing.usdPerGpuHour`. Base demand, without the diurnal
 * cycle (it averages 1 over a day), bursts, growth or churn; the base price.
 */
function demandCost(p: NetworkParams): number {
  const sh = p.shocks;
  if (sh.demandDropStartStep < 0 || sh.demandDropStartStep >= p.sim.steps) return 0;
  const hours =
    Math.min(sh.demandDropSteps, p.sim.steps - sh.demandDropStartStep) * p.sim.stepHours;
  return sh.demandDropShare * p.demand.baseGpuHoursPerHour * hours * p.pricing.usdPerGpuHour;
}

/**
 * The stake (USD) coordinated cheaters put at risk, from the parameters alone:
 * the ring members among the initial providers, `rings.share` ×
 * `providers.cheaterShare` × `providers.initial` (rings take exactly that share
 * of the cheaters), each locking `staking.minStakeTokens`, valued at
 * `market.initialPriceUsd`. 0 without rings (a scenario without the section, or
 * `rings.share` 0).
 */
function cheatingCost(p: NetworkParams): number {
  // The rings section is a mechanism's (engine/mechanisms/agents/ringsSection.ts), not NetworkParams'.
  const share = p.rings?.share ?? 0;
  if (!(share > 0)) return 0;
  const members = share * p.providers.cheaterShare * p.providers.initial;
  return members * p.staking.minStakeTokens * p.market.initialPriceUsd;
}

/**
 * The cost of the scheduled shocks in `params.shocks` (USD), from the resolved
 * parameters alone: a shock that does not happen within the run costs 0.
 * - crash: the tokens a single sale must contain to move the AMM by the depth
 *   the crash reaches, at the scenario's initial pool (USD reserve
 *   `market.ammUsdDepth`, fee `market.feeRate`), valued at the initial price:
 *   `ammUsdDepth × crashSaleShare(d, fee)` (≈ Y·(1/√(1−d) − 1));
 * - liquidity withdrawal: `liquidityWithdrawShare × ammUsdDepth`;
 * - power spike: see {@link powerCost};
 * - hardware generation: 0;
 * - demand drop: see {@link demandCost};
 * - coordinated cheating: see {@link cheatingCost}.
 */
export function shockCost(p: NetworkParams): ShockCost {
  const sh = p.shocks;
  const steps = p.sim.steps;
  const y = p.market.ammUsdDepth;
  const crashUsd =
    sh.crashStartStep >= 0 && sh.crashStartStep < steps
      ? y * crashSaleShare(reachedDrop(p), p.market.feeRate)
      : 0;
  const liquidityUsd =
    sh.liquidityStep >= 0 && sh.liquidityStep < steps ? sh.liquidityWithdrawShare * y : 0;
  const powerUsd = powerCost(p);
  const demandUsd = demandCost(p);
  const cheatingUsd = cheatingCost(p);
  return {
    crashUsd,
    liquidityUsd,
    powerUsd,
    hardwareUsd: 0,
    demandUsd,
    cheatingUsd,
    totalUsd: crashUsd + liquidityUsd + powerUsd + demandUsd + cheatingUsd,
  };
}
