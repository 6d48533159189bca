import {
  CreditStatus,
  circuitBreaker,
  collateralRatio,
  type RedeemResult,
  redeemCredits,
  spendCredits,
} from "../../mechanisms/credits.ts";
import { baseEmission, type EmissionContext, netEmission } from "../../mechanisms/emission.ts";
import { rulePrice } from "../../mechanisms/oracle.ts";
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
 * With `oracle.enabled` the price rules read the oracle's price (`rulePrice`)
 * instead of the spot price: the credits' collateral ratio and the tokens a
 * credit redemption is worth, and the burn that burn-pegged emission pegs to
 * (each step's burn counted as its USD over the oracle price, in
 * `w.emission.epochBurnedAtOracle`). Trades still execute at the AMM.
 *
 * Reads `w.totals` (work served, batch served, price, verification cost), `w.amm`,
 * `w.credits`, `w.market.treasuryUsd`, `w.isEpochEnd` and `w.epochsCompleted`.
 * Writes `w.ledger` (burns, mints), `w.amm` (token purchases), `w.providers`
 * (rewards), `w.market` (`treasuryUsd`, `sellPending`), `w.credits` (the book,
 * `collateralRatio`, `status`, `usdPerWork`), `w.emission` (`epochBurned`,
 * `burnHistory`, `netEmissionTarget`, `baseMintedSoFar`, `lastEmission`,
 * `rewardPerWork`, `rewardPerAvail`) and `w.totals` (revenue, fee, burn, minted,
 * credits, base and net emission).
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
    burnHistory: w.emission.burnHistory,
    burnHistoryFilled: 0,
    epochBurned: 0,
    genesisSupply: w.ledger.genesis,
    baseMintedSoFar: 0,
  };
  const providerPays = p.verification.rerunCostPayer === "provider";
  const credits = p.credits;
  const runwaySteps = credits.runwayEpochs * p.sim.epochSteps;
  const oracleOn = p.oracle.enabled;
  return {
    name: "settlement",
    after: ["service", "verification"],
    reads: ["oracle"],
    writes: ["credits", "emission", "market.treasuryUsd", "market.sellPending"],
    run(w) {
      const t = w.totals;
      const book = w.credits;
      const em = w.emission;
      const market = w.market;
      if (credits.enabled) {
        book.collateralRatio = collateralRatio(
          w.ledger.accounts[Account.Vault]!,
          rulePrice(w),
          book.tenantUsd + book.earnedUsd,
        );
        book.status = circuitBreaker(
          book.collateralRatio,
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
        market.treasuryUsd,
        w.amm,
        credits.enabled ? "held" : "burn",
        out,
      );
      market.treasuryUsd = out.treasuryUsd;
      t.revenueUsd = out.revenueUsd;
      t.feeUsd = out.feeUsd;
      t.burnUsd = out.burnUsd;
      t.burned += out.burned;
      em.epochBurned += out.burned;
      if (oracleOn && out.burned > 0) em.epochBurnedAtOracle += out.burnUsd / rulePrice(w);
      if (credits.enabled) {
        t.creditsMintedUsd = spendCredits(
          book,
          out.burnUsd,
          book.status === CreditStatus.Halted,
          runwaySteps,
          1 / p.sim.epochSteps,
          w.amm,
        );
      }
      if (!w.isEpochEnd) return;
      w.roster.accrueAll();
      const price = w.amm.price;
      book.usdPerWork = 0;
      if (
        credits.enabled &&
        (book.earnedUsd > 0 || book.heldUsd > 0) &&
        redeemCredits(book.earnedUsd, book.heldUsd, rulePrice(w), w.providers, w.ledger, redeemed)
      ) {
        t.minted += redeemed.minted;
        t.creditRedeemMinted = redeemed.minted;
        book.earnedUsd = 0;
        book.heldUsd = 0;
        book.usdPerWork = redeemed.usdPerWork;
        market.sellPending = true;
      }
      const e = w.epochsCompleted;
      em.burnHistory[e % em.burnHistory.length] = oracleOn
        ? em.epochBurnedAtOracle
        : em.epochBurned;
      ctx.epoch = e;
      ctx.burnHistoryFilled = Math.min(e + 1, em.burnHistory.length);
      ctx.epochBurned = em.epochBurned;
      ctx.baseMintedSoFar = em.baseMintedSoFar;
      const base = baseEmission(p.emission, ctx);
      const ne = netEmission(p.emission, em.netEmissionTarget, em.epochBurned);
      em.netEmissionTarget = ne.target;
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
      em.baseMintedSoFar += base * scale;
      t.minted += minted;
      em.lastEmission = minted;
      em.rewardPerWork = rewards.perWork;
      em.rewardPerAvail = rewards.perAvail;
      market.sellPending = market.sellPending || rewards.toProviders > 0;
      em.epochBurned = 0;
      em.epochBurnedAtOracle = 0;
    },
  };
};
