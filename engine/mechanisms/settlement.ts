import type { Amm } from "../state/amm.ts";
import { Account, type Ledger } from "../state/ledger.ts";
import { type ProviderStore, Status } from "../state/providers.ts";

/** Flows of one step's burn-and-mint settlement (USD and tokens). */
export interface SettlementResult {
  revenueUsd: number;
  feeUsd: number;
  providerFiatUsd: number;
  verificationCostUsd: number;
  burnUsd: number;
  /** Tokens bought and burned. */
  burned: number;
  /** Treasury USD after settlement. */
  treasuryUsd: number;
}

/**
 * Burn-and-mint settlement of one step. Clients pay `workServed · usdPerGpuHour`.
 * The protocol keeps `protocolFeeShare` (to the treasury, USD), passes
 * `providerFiatShare` to providers in USD, pays verification re-runs (from the
 * burn budget first, then from the treasury), and buys tokens on the AMM with
 * the rest and burns them.
 */
export function settleBurn(
  pricing: { usdPerGpuHour: number; protocolFeeShare: number; providerFiatShare: number },
  workServed: number,
  verificationCostUsd: number,
  treasuryUsd: number,
  amm: Amm,
  out: SettlementResult,
): void {
  const revenue = workServed * pricing.usdPerGpuHour;
  const fee = revenue * pricing.protocolFeeShare;
  const fiat = revenue * pricing.providerFiatShare;
  let budget = revenue - fee - fiat;
  let treasury = treasuryUsd + fee;
  let cost = verificationCostUsd;
  const fromBudget = Math.min(budget, cost);
  budget -= fromBudget;
  cost -= fromBudget;
  const fromTreasury = Math.min(treasury, cost);
  treasury -= fromTreasury;
  out.revenueUsd = revenue;
  out.feeUsd = fee;
  out.providerFiatUsd = fiat;
  out.verificationCostUsd = verificationCostUsd;
  out.burnUsd = budget;
  out.burned = budget > 0 ? amm.buyTo(budget, "burn") : 0;
  out.treasuryUsd = treasury;
}

/** Rewards paid at an epoch end. */
export interface RewardResult {
  /** Tokens per GPU-hour served, and per GPU-hour of capacity offered. */
  perWork: number;
  perAvail: number;
  /** Tokens minted to providers and to the foundation. */
  toProviders: number;
  toFoundation: number;
}

/**
 * Mints an epoch's emission and pays it out: `foundationShare` to the foundation,
 * then `availabilityShare` of the rest pro rata to capacity offered (GPU-hours
 * available) and the remainder pro rata to work served. A share with nobody to
 * receive it is not minted. Each provider queues `sellShare` of its reward for
 * the market phase. Resets the epoch accumulators of work and availability.
 */
export function payRewards(
  emission: number,
  split: { availabilityShare: number; foundationShare: number },
  sellShare: number,
  s: ProviderStore,
  ledger: Ledger,
  out: RewardResult,
): void {
  const { epochWork, epochAvail, epochReward, pendingSell, status } = s;
  let totalWork = 0;
  let totalAvail = 0;
  for (let i = 0; i < s.highWater; i++) {
    if (status[i] === Status.Empty) continue;
    totalWork += epochWork[i]!;
    totalAvail += epochAvail[i]!;
  }
  const foundation = emission * split.foundationShare;
  const pool = emission - foundation;
  let availPool = pool * split.availabilityShare;
  let workPool = pool - availPool;
  if (totalWork <= 0) {
    availPool += workPool;
    workPool = 0;
  }
  if (totalAvail <= 0) availPool = 0;
  const perWork = totalWork > 0 ? workPool / totalWork : 0;
  const perAvail = totalAvail > 0 ? availPool / totalAvail : 0;
  let paid = 0;
  for (let i = 0; i < s.highWater; i++) {
    const reward = epochWork[i]! * perWork + epochAvail[i]! * perAvail;
    epochReward[i] = reward;
    epochWork[i] = 0;
    epochAvail[i] = 0;
    if (reward > 0) {
      ledger.mintToProvider(i, reward);
      pendingSell[i]! += reward * sellShare;
      paid += reward;
    }
  }
  if (foundation > 0 && paid > 0) ledger.mintTo(Account.Foundation, foundation);
  out.perWork = perWork;
  out.perAvail = perAvail;
  out.toProviders = paid;
  out.toFoundation = paid > 0 ? foundation : 0;
}
