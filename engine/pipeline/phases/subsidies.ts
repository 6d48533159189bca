import { runwayDays } from "../../mechanisms/market.ts";
import { rulePrice } from "../../mechanisms/oracle.ts";
import {
  payTokenSubsidy,
  payUsdSubsidy,
  subsidyDue,
  subsidyPayable,
  subsidyRuns,
} from "../../mechanisms/subsidies.ts";
import { Account } from "../../state/ledger.ts";
import { column } from "../outputs.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Treasury grants and provider subsidies (the `subsidies` phase), with
 * `subsidies.enabled`; otherwise it does nothing and adds no output. At an
 * epoch end, after the market phase's treasury spending and buy-back, while
 * its rule holds (`subsidyRuns`: always, under a price band read through the
 * oracle, or in the first epochs), it pays active providers their claims
 * (`subsidyDue`: per provider or per GPU-hour of capacity), scaled down to
 * `min(budgetPerEpoch, what the treasury has)`: USD from `w.market.treasuryUsd`
 * into their P&L and epoch fiat income, or tokens from the treasury's account
 * through the ledger into their epoch reward. Exit decisions (the
 * `providerEconomics` phase, after this one) count them, and entry counts the
 * same figure per hour for a prospective provider (`subsidyUsdPerHour`, from
 * `w.subsidies.paidShare`, the share of claims paid at this epoch end). With
 * `treasury.enabled` the payment (tokens at the spot price) joins the epoch's
 * treasury outflow and the runway is recomputed.
 *
 * Reads and writes `w.market` (`treasuryUsd`, the outflow ring, `runwayDays`),
 * `w.subsidies`, the providers' P&L, epoch fiat and reward, and `w.ledger`.
 * Adds the columns `subsidyUsd` and `subsidyTokens` and the outcomes
 * `subsidyUsdTotal`, `subsidyTokensTotal` and `subsidyEpochs`.
 */
export const subsidiesPhase: PhaseFactory = (w) => {
  const p = w.params;
  const sp = p.subsidies;
  if (!sp.enabled) return { name: "subsidies", run() {} };
  const state = w.subsidies;
  const epochHours = p.sim.epochSteps * p.sim.stepHours;
  const tp = p.treasury;
  const reference = tp.referencePriceUsd > 0 ? tp.referencePriceUsd : p.market.initialPriceUsd;
  const due = new Float64Array(w.providers.capacity);
  return {
    name: "subsidies",
    after: ["market"],
    reads: [
      "market.treasuryUsd",
      "market.treasuryOutflows",
      "market.treasuryOutflowSum",
      "market.treasuryEpochs",
      "oracle",
      "subsidies",
    ],
    writes: [
      "market.treasuryUsd",
      "market.treasuryOutflows",
      "market.treasuryOutflowSum",
      "market.runwayDays",
      "subsidies",
    ],
    run(w) {
      state.usdStep = 0;
      state.tokensStep = 0;
      if (!w.isEpochEnd) return;
      if (!subsidyRuns(sp, w.epochsCompleted, rulePrice(w), reference)) {
        state.paidShare = 0;
        return;
      }
      const wanted = subsidyDue(sp, w.providers, epochHours, due);
      const mkt = w.market;
      let outflowUsd = 0;
      if (sp.currency === "usd") {
        const total = subsidyPayable(wanted, sp.budgetPerEpoch, Math.max(0, mkt.treasuryUsd));
        state.paidShare = wanted > 0 ? total / wanted : 0;
        const paid = payUsdSubsidy(w.providers, due, wanted, total);
        mkt.treasuryUsd -= paid;
        state.usdStep = paid;
        state.usdTotal += paid;
        outflowUsd = paid;
      } else {
        const available = w.ledger.accounts[Account.Treasury]!;
        const total = subsidyPayable(wanted, sp.budgetPerEpoch, available);
        state.paidShare = wanted > 0 ? total / wanted : 0;
        const paid = payTokenSubsidy(w.providers, w.ledger, due, wanted, total);
        state.tokensStep = paid;
        state.tokensTotal += paid;
        outflowUsd = paid * w.amm.price;
      }
      if (state.usdStep > 0 || state.tokensStep > 0) state.epochsPaid++;
      if (tp.enabled && mkt.treasuryEpochs > 0) {
        const ring = mkt.treasuryOutflows;
        ring[(mkt.treasuryEpochs - 1) % ring.length]! += outflowUsd;
        mkt.treasuryOutflowSum += outflowUsd;
        mkt.runwayDays = runwayDays(
          mkt.treasuryUsd,
          mkt.treasuryOutflowSum,
          mkt.treasuryEpochs,
          tp.runwayWindowEpochs,
          p.market.treasurySpendUsdPerEpoch,
          epochHours / 24,
        );
      }
    },
    columns: [
      column(
        "subsidyUsd",
        "USD",
        "subsidies: USD paid from the treasury to active providers this step (subsidies.enabled, epoch ends)",
        () => state.usdStep,
      ),
      column(
        "subsidyTokens",
        "tokens",
        "subsidies: tokens paid from the treasury's account to active providers this step (subsidies.enabled, epoch ends)",
        () => state.tokensStep,
      ),
    ],
    outcomes: {
      subsidyUsdTotal: {
        unit: "USD",
        description: "subsidies: USD paid to providers in the run",
        read: () => state.usdTotal,
      },
      subsidyTokensTotal: {
        unit: "tokens",
        description: "subsidies: tokens paid to providers in the run",
        read: () => state.tokensTotal,
      },
      subsidyEpochs: {
        unit: "epochs",
        description: "subsidies: epochs in which a subsidy was paid",
        read: () => state.epochsPaid,
      },
    },
  };
};
