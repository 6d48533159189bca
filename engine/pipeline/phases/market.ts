import { arbitrageVenues } from "../../market/arbitrage.ts";
import { venueColumns } from "../../market/columns.ts";
import { createVenue } from "../../market/create.ts";
import { venueParams } from "../../market/params.ts";
import {
  buybackUsd,
  executeBuyback,
  noiseTrade,
  runwayDays,
  sellFoundationShare,
  sellProviderRewards,
  spendTreasury,
} from "../../mechanisms/market.ts";
import { rulePrice } from "../../mechanisms/oracle.ts";
import {
  arbitrageToward,
  speculatorOrderUsd,
  stepExternalPrice,
  traderTrade,
} from "../../mechanisms/traders.ts";
import { Account } from "../../state/ledger.ts";
import { type Column, column } from "../outputs.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * The token market's step (the `market` phase): providers sell their pending rewards;
 * at an epoch end the foundation sells its share and the treasury spends; then noise
 * traders, momentum and mean-reversion speculators, and (with `market.externalMarket`)
 * arbitrageurs toward a random-walk external price trade on the AMM.
 *
 * Reads `w.market` (`sellPending`, `treasuryUsd`, `priceRing`), `w.isEpochEnd`,
 * `w.step`, `w.rng.market` and `w.rng.external`. Writes `w.amm`, `w.ledger`,
 * `w.market` (`treasuryUsd`, `externalPrice`, `priceRing`, `priceRingSum`,
 * `sellPending`) and `w.totals` (provider and foundation tokens sold, treasury spent).
 *
 * With `treasury.enabled`, at an epoch end after the spending the treasury buys
 * tokens back under its rule (`buybackUsd`) and burns them or pays them to
 * stakers (`executeBuyback`; the tokens burned count in `burnedTokens`), and
 * every step it updates its runway (`runwayDays`); it adds the columns
 * `buybackUsd`, `buybackTokens`, `treasuryRunwayDays` and
 * `treasuryRunwayWithTokensDays`. Reads `w.totals.feeUsd` (this step's fees).
 *
 * With `market.venue` other than `constantProduct` it sets the venue's pricing
 * behind `w.amm` (docs/market.md) and ends each step with `w.amm.endStep()`
 * (the order book re-quotes); with `market.lpWithdrawal` liquidity providers
 * withdraw on volatility after the step (`w.market.lp`). With
 * `market.secondVenue` a share of the genesis liquidity moves to a second venue
 * (`w.amm.second`): noise traders trade there, and after the step's trades
 * arbitrageurs close the gap between the venues beyond `market.venueArbCostRate`
 * (`arbitrageVenues`); the reported price stays the main venue's. Each adds
 * the columns of `venueColumns`.
 *
 * After: `settlement`.
 */
export const marketPhase: PhaseFactory = (w) => {
  const p = w.params;
  const m = p.market;
  const L = m.traderLookbackSteps;
  const speculators = m.momentumShare > 0 || m.meanReversionShare > 0;
  const tp = p.treasury;
  const reference = tp.referencePriceUsd > 0 ? tp.referencePriceUsd : m.initialPriceUsd;
  const epochDays = (p.sim.epochSteps * p.sim.stepHours) / 24;
  const runway = (w: Parameters<PhaseFactory>[0], usd: number) =>
    runwayDays(
      usd,
      w.market.treasuryOutflowSum,
      w.market.treasuryEpochs,
      tp.runwayWindowEpochs,
      m.treasurySpendUsdPerEpoch,
      epochDays,
    );
  // The venue behind the AMM façade (market.venue) and a second venue
  // (market.secondVenue) carved out of its genesis liquidity, set before the first trade.
  const v = venueParams(p);
  const secondShare = v.secondVenue === "none" ? 0 : v.secondVenueShare;
  if (!w.amm.venue && !w.amm.second)
    w.amm.venue = createVenue(p, v.venue, m.ammUsdDepth * (1 - secondShare));
  if (v.secondVenue !== "none" && !w.amm.second)
    w.amm.carve(secondShare, createVenue(p, v.secondVenue, m.ammUsdDepth * secondShare));
  const second = w.amm.second;
  const treasuryColumns: Column[] | undefined = tp.enabled
    ? [
        column(
          "buybackUsd",
          "USD",
          "treasury policy: USD spent on the epoch-end buy-back (treasury.enabled)",
          (w) => w.market.buybackUsdStep,
        ),
        column(
          "buybackTokens",
          "tokens",
          "treasury policy: tokens bought back, burned or paid to stakers (treasury.enabled)",
          (w) => w.market.buybackTokensStep,
        ),
        column(
          "treasuryRunwayDays",
          "days",
          "treasury policy: treasury USD / its mean outflow (spending and buy-backs) per day over treasury.runwayWindowEpochs (capped at 100000)",
          (w) => w.market.runwayDays,
        ),
        column(
          "treasuryRunwayWithTokensDays",
          "days",
          "treasury policy: the same with the treasury's tokens counted at the spot price (capped at 100000)",
          (w) =>
            runway(w, w.market.treasuryUsd + w.ledger.accounts[Account.Treasury]! * w.amm.price),
        ),
      ]
    : undefined;
  const marketColumns = venueColumns(p);
  const columns =
    treasuryColumns || marketColumns.length > 0
      ? [...(treasuryColumns ?? []), ...marketColumns]
      : undefined;
  return {
    name: "market",
    reads: ["market.sellPending", "market.treasuryUsd", "market.externalPrice", "oracle"],
    writes: ["market"],
    ...(columns ? { columns } : {}),
    run(w) {
      const mkt = w.market;
      if (tp.enabled) {
        mkt.epochFeesUsd += w.totals.feeUsd;
        mkt.buybackUsdStep = 0;
        mkt.buybackTokensStep = 0;
      }
      if (mkt.sellPending) {
        const sold = sellProviderRewards(w.providers, w.ledger, w.amm);
        w.totals.providerSoldTokens += sold.tokens;
        mkt.sellPending = false;
      }
      if (w.isEpochEnd) {
        w.totals.foundationSoldTokens = sellFoundationShare(m.foundationSellShare, w.amm, w.ledger);
        const spent = spendTreasury(m.treasurySpendUsdPerEpoch, mkt.treasuryUsd, w.amm, w.ledger);
        mkt.treasuryUsd = spent.treasuryUsd;
        w.totals.treasurySpentUsd = spent.spentUsd;
        if (tp.enabled) {
          const usd = buybackUsd(tp, rulePrice(w), reference, mkt.treasuryUsd, mkt.epochFeesUsd);
          const tokens = executeBuyback(usd, tp.destination, w.amm, w.ledger, w.providers);
          mkt.treasuryUsd -= usd;
          mkt.buybackUsdStep = usd;
          mkt.buybackTokensStep = tokens;
          if (tp.destination === "burn") w.totals.burned += tokens;
          mkt.epochFeesUsd = 0;
          const ring = mkt.treasuryOutflows;
          const slot = mkt.treasuryEpochs % ring.length;
          const outflow = spent.spentUsd + usd;
          mkt.treasuryOutflowSum += outflow - ring[slot]!;
          ring[slot] = outflow;
          mkt.treasuryEpochs++;
        }
      }
      noiseTrade(m.noiseTradeShare, w.amm, w.ledger, w.rng.market, second);
      const slot = w.step % L;
      if (speculators) {
        const price = w.amm.price;
        const usd = speculatorOrderUsd(
          m,
          w.amm.usdReserve,
          price,
          mkt.priceRing[slot]!,
          mkt.priceRingSum / L,
        );
        traderTrade(usd, w.amm, w.ledger);
      }
      if (m.externalMarket) {
        if (!mkt.externalFromInput)
          mkt.externalPrice = stepExternalPrice(
            mkt.externalPrice,
            m.externalVolPerStep,
            w.rng.external,
          );
        arbitrageToward(mkt.externalPrice, m.arbitrageShare, w.amm, w.ledger);
      }
      if (second) {
        mkt.venueArbTokens = arbitrageVenues(w.amm, second, v.venueArbCostRate).tokens;
        second.endStep();
      }
      w.amm.endStep();
      const after = w.amm.price;
      mkt.priceRingSum += after - mkt.priceRing[slot]!;
      mkt.priceRing[slot] = after;
      if (tp.enabled) mkt.runwayDays = runway(w, mkt.treasuryUsd);
      mkt.lp?.step(w.amm, second);
    },
  };
};
