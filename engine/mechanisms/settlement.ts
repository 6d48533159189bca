import type { Amm } from "../state/amm.ts";
import { Account, type Ledger } from "../state/ledger.ts";
import { type ProviderStore, Status } from "../state/providers.ts";

/** Flows of one step's burn-and-mint settlement (USD and tokens). */
export interface SettlementResult {
  revenueUsd: number;
  feeUsd: number;
  providerFiatUsd: number;
  verificationCostUsd: number;
  /** USD left for the token side after fee, fiat share and re-runs (USD). */
  burnUsd: number;
  /** Tokens bought and burned ("burn" mode). */
  burned: number;
  /** Treasury USD after settlement. */
  treasuryUsd: number;
}

/**
 * What the token side of settlement does with its USD: buy and burn ("burn",
 * BME), or nothing ("held": the caller settles it, through the AEP-76 credit
 * book, `spendCredits`).
 */
export type SettlementMode = "burn" | "held";

/**
 * Burn-and-mint settlement of one step. Clients pay `revenueUsd` (work served ×
 * the clearing price). The protocol keeps `protocolFeeShare` (to the treasury,
 * USD), passes `providerFiatShare` to providers in USD, pays the verification
 * re-runs it is charged for (from the burn budget first, then from the treasury),
 * and uses the rest per `mode`.
 */
export function settleBurn(
  pricing: { protocolFeeShare: number; providerFiatShare: number },
  revenueUsd: number,
  verificationCostUsd: number,
  treasuryUsd: number,
  amm: Amm,
  mode: SettlementMode,
  out: SettlementResult,
): void {
  const revenue = revenueUsd;
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
  out.burned = mode === "burn" && budget > 0 ? amm.buyTo(budget, "burn") : 0;
  out.treasuryUsd = treasury;
}

/** Rewards paid at an epoch end. */
export interface RewardResult {
  /** Tokens per GPU-hour served, and per GPU-hour of capacity offered. */
  perWork: number;
  perAvail: number;
  /** Tokens per token staked (stakers' share). */
  perStake: number;
  /** Tokens minted to providers, to the foundation and to the treasury. */
  toProviders: number;
  toFoundation: number;
  toTreasury: number;
  /** Tokens not minted because of the per-node cap. */
  cappedOff: number;
}

/** How an epoch's emission is split (see `emission.*` in the parameter schema). */
export interface RewardSplit {
  availabilityShare: number;
  foundationShare: number;
  treasuryShare: number;
  stakersShare: number;
  perNodeCapTokensPerEpoch: number;
}

/** How providers queue sales of their rewards (see `economics.sellPolicy`). */
export interface SellPolicy {
  policy: "fixedShare" | "coverCosts";
  /** fixedShare: share of each reward sold at once (fraction). */
  sellShare: number;
  /** Share of the tokens held in the wallet sold each epoch (fraction). */
  walletSellShare: number;
  /** Token price used by coverCosts (USD/token). */
  price: number;
}

/**
 * Tokens provider i queues for sale at once out of a reward of `reward` tokens:
 * `fixedShare` sells `sellShare · reward`; `coverCosts` sells just enough to pay
 * the epoch's cash costs not covered by fiat revenue,
 * `clamp((cashCost − fiat) / price, 0, reward)`.
 */
export function tokensToSell(
  sell: SellPolicy,
  reward: number,
  epochCashCostUsd: number,
  epochFiatUsd: number,
): number {
  if (sell.policy === "fixedShare") return reward * sell.sellShare;
  const need = (epochCashCostUsd - epochFiatUsd) / Math.max(sell.price, 1e-12);
  return Math.min(reward, Math.max(0, need));
}

/**
 * Mints an epoch's emission and pays it out: `foundationShare` to the foundation
 * and `treasuryShare` to the treasury; of the providers' pool, `stakersShare`
 * goes pro rata to the stake of active providers, `availabilityShare` of the
 * rest pro rata to capacity offered (GPU-hours available) and the remainder pro
 * rata to work served. No provider receives more than `perNodeCapTokensPerEpoch`
 * (the excess is not minted). A share with nobody to receive it is not minted,
 * and foundation and treasury are paid only when some provider is. Each provider
 * queues sales for the market phase: part of its reward at once per the sell
 * policy, and `walletSellShare` of the tokens it still holds (so that in a
 * steady state every reward is sold in the end). Resets the epoch accumulators
 * of work and availability. Needs the epoch's costs accrued.
 */
export function payRewards(
  emission: number,
  split: RewardSplit,
  sell: SellPolicy,
  s: ProviderStore,
  ledger: Ledger,
  out: RewardResult,
): void {
  const { epochWork, epochAvail, epochReward, pendingSell, status, stake } = s;
  let totalWork = 0;
  let totalAvail = 0;
  let totalStake = 0;
  for (let i = 0; i < s.highWater; i++) {
    const st = status[i]!;
    if (st === Status.Empty) continue;
    totalWork += epochWork[i]!;
    totalAvail += epochAvail[i]!;
    if (st === Status.Active) totalStake += stake[i]!;
  }
  const foundation = emission * split.foundationShare;
  const treasury = emission * split.treasuryShare;
  const pool = Math.max(0, emission - foundation - treasury);
  const stakePool = totalStake > 0 ? pool * split.stakersShare : 0;
  const servicePool = pool * (1 - split.stakersShare);
  let availPool = servicePool * split.availabilityShare;
  let workPool = servicePool - availPool;
  if (totalWork <= 0) {
    availPool += workPool;
    workPool = 0;
  }
  if (totalAvail <= 0) availPool = 0;
  const perWork = totalWork > 0 ? workPool / totalWork : 0;
  const perAvail = totalAvail > 0 ? availPool / totalAvail : 0;
  const perStake = totalStake > 0 ? stakePool / totalStake : 0;
  const cap = split.perNodeCapTokensPerEpoch;
  let paid = 0;
  let cappedOff = 0;
  for (let i = 0; i < s.highWater; i++) {
    let reward = epochWork[i]! * perWork + epochAvail[i]! * perAvail;
    if (perStake > 0 && status[i] === Status.Active) reward += stake[i]! * perStake;
    if (reward > cap) {
      cappedOff += reward - cap;
      reward = cap;
    }
    epochReward[i] = reward;
    epochWork[i] = 0;
    epochAvail[i] = 0;
    if (reward > 0) {
      ledger.mintToProvider(i, reward);
      const cashCost = s.epochCostUsd[i]! - s.epochCapexUsd[i]!;
      pendingSell[i]! += tokensToSell(sell, reward, cashCost, s.epochFiatUsd[i]!);
      paid += reward;
    }
    if (status[i] !== Status.Empty && sell.walletSellShare > 0) {
      const held = s.tokens[i]! - pendingSell[i]!;
      if (held > 0) pendingSell[i]! += sell.walletSellShare * held;
    }
  }
  const toFoundation = paid > 0 ? foundation : 0;
  const toTreasury = paid > 0 ? treasury : 0;
  if (toFoundation > 0) ledger.mintTo(Account.Foundation, toFoundation);
  if (toTreasury > 0) ledger.mintTo(Account.Treasury, toTreasury);
  out.perWork = perWork;
  out.perAvail = perAvail;
  out.perStake = perStake;
  out.toProviders = paid;
  out.toFoundation = toFoundation;
  out.toTreasury = toTreasury;
  out.cappedOff = cappedOff;
}
