import {
  CreditStatus,
  circuitBreaker,
  collateralRatio,
  type RedeemResult,
  redeemCredits,
  spendCredits,
} from "../../mechanisms/credits.ts";
import { baseEmission, type EmissionContext, netEmission } from "../../mechanisms/emission.ts";
import {
  payRewards,
  type RewardResult,
  type SettlementResult,
  settleBurn,
} from "../../mechanisms/settlement.ts";
import { Account } from "../../state/ledger.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Settles the step's client payments (the `settlement` phase): revenue (inference at
 * the step's price, batch work at `batch.usdPerGpuHour`) pays the protocol fee, the
 * providers' fiat share and (unless providers pay re-runs) the verification cost; the
 * rest buys and burns tokens, or with `credits.enabled` is settled through the credit
 * book (tenants' credits, the vault and its circuit breaker). At an epoch end it
 * redeems providers' credits, records the epoch's burn, computes the base and net
 * emission and pays the rewards.
 *
 * Reads `w.totals` (work served, batch served, price, verification cost), `w.amm`,
 * `w.credits`, `w.treasuryUsd`, `w.isEpochEnd` and `w.epochsCompleted`. Writes
 * `w.ledger` (burns, mints), `w.amm` (token purchases), `w.providers` (rewards),
 * `w.treasuryUsd`, `w.credits`, `w.collateralRatio`, `w.creditStatus`,
 * `w.epochBurned`, `w.burnHistory`, `w.netEmissionTarget`, `w.baseMintedSoFar`,
 * `w.lastEmission`, `w.rewardPerWork`, `w.rewardPerAvail`, `w.creditUsdPerWork`,
 * `w.sellPending` and `w.totals` (revenue, fee, burn, minted, credits, base and net
 * emission).
 *
 * After: `service`, `verification`.
 */
export const settlementPhase: PhaseFactory = (w) => {
  const p = w.params;
  const out: SettlementResult = {
    revenueUsd: 0,
    feeUsd: 0,
    providerFiatUsd: 0,
    verificationCostUsd: 0,
    burnUsd: 0,
    burned: 0,
    treasuryUsd: 0,
  };
  const rewards: RewardResult = {
    perWork: 0,
    perAvail: 0,
    perStake: 0,
    toProviders: 0,
    toFoundation: 0,
    toTreasury: 0,
    cappedOff: 0,
  };
  const redeemed: RedeemResult = {
    fromVault: 0,
    minted: 0,
    usdPaid: 0,
    usdPerWork: 0,
  };
  const ctx: EmissionContext = {
    epoch: 0,
    epochHours: p.sim.epochSteps * p.sim.stepHours,
    burnHistory: w.burnHistory,
    burnHistoryFilled: 0,
    epochBurned: 0,
    genesisSupply: w.ledger.genesis,
    baseMintedSoFar: 0,
  };
  const providerPays = p.verification.rerunCostPayer === "provider";
  const credits = p.credits;
  const runwaySteps = credits.runwayEpochs * p.sim.epochSteps;
  return {
    name: "settlement",
    after: ["service", "verification"],
    run(w) {
      const t = w.totals;
      const book = w.credits;
      if (credits.enabled) {
        w.collateralRatio = collateralRatio(
          w.ledger.accounts[Account.Vault]!,
          w.amm.price,
          book.tenantUsd + book.earnedUsd,
        );
        w.creditStatus = circuitBreaker(
          w.collateralRatio,
          credits.warnCollateralRatio,
          credits.haltCollateralRatio,
        );
      }
      const revenue =
        (t.workServed - t.batchServed) * t.usdPerGpuHour + t.batchServed * p.batch.usdPerGpuHour;
      settleBurn(
        p.pricing,
        revenue,
        providerPays ? 0 : t.verificationCostUsd,
        w.treasuryUsd,
        w.amm,
        credits.enabled ? "held" : "burn",
        out,
      );
      w.treasuryUsd = out.treasuryUsd;
      t.revenueUsd = out.revenueUsd;
      t.feeUsd = out.feeUsd;
      t.burnUsd = out.burnUsd;
      t.burned += out.burned;
      w.epochBurned += out.burned;
      if (credits.enabled) {
        t.creditsMintedUsd = spendCredits(
          book,
          out.burnUsd,
          w.creditStatus === CreditStatus.Halted,
          runwaySteps,
          1 / p.sim.epochSteps,
          w.amm,
        );
      }
      if (!w.isEpochEnd) return;
      w.roster.accrueAll();
      const price = w.amm.price;
      w.creditUsdPerWork = 0;
      if (
        credits.enabled &&
        (book.earnedUsd > 0 || book.heldUsd > 0) &&
        redeemCredits(book.earnedUsd, book.heldUsd, price, w.providers, w.ledger, redeemed)
      ) {
        t.minted += redeemed.minted;
        t.creditRedeemMinted = redeemed.minted;
        book.earnedUsd = 0;
        book.heldUsd = 0;
        w.creditUsdPerWork = redeemed.usdPerWork;
        w.sellPending = true;
      }
      const e = w.epochsCompleted;
      w.burnHistory[e % w.burnHistory.length] = w.epochBurned;
      ctx.epoch = e;
      ctx.burnHistoryFilled = Math.min(e + 1, w.burnHistory.length);
      ctx.epochBurned = w.epochBurned;
      ctx.baseMintedSoFar = w.baseMintedSoFar;
      const base = baseEmission(p.emission, ctx);
      const ne = netEmission(p.emission, w.netEmissionTarget, w.epochBurned);
      w.netEmissionTarget = ne.target;
      const net = ne.tokens;
      payRewards(
        base + net,
        p.emission,
        {
          policy: p.economics.sellPolicy,
          sellShare: p.economics.sellShare,
          walletSellShare: p.economics.walletSellShare,
          price,
        },
        w.providers,
        w.ledger,
        rewards,
      );
      const minted = rewards.toProviders + rewards.toFoundation + rewards.toTreasury;
      // Attribute what was actually minted to base and net in proportion.
      const scale = base + net > 0 ? minted / (base + net) : 0;
      t.baseEmission = base * scale;
      t.netEmission = net * scale;
      w.baseMintedSoFar += base * scale;
      t.minted += minted;
      w.lastEmission = minted;
      w.rewardPerWork = rewards.perWork;
      w.rewardPerAvail = rewards.perAvail;
      w.sellPending = w.sellPending || rewards.toProviders > 0;
      w.epochBurned = 0;
    },
  };
};
