import {
  noiseTrade,
  sellFoundationShare,
  sellProviderRewards,
  spendTreasury,
} from "../../mechanisms/market.ts";
import {
  arbitrageToward,
  speculatorOrderUsd,
  stepExternalPrice,
  traderTrade,
} from "../../mechanisms/traders.ts";
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
 * After: `settlement`.
 */
export const marketPhase: PhaseFactory = (w) => {
  const p = w.params;
  const m = p.market;
  const L = m.traderLookbackSteps;
  const speculators = m.momentumShare > 0 || m.meanReversionShare > 0;
  return {
    name: "market",
    reads: ["market.sellPending", "market.treasuryUsd", "market.externalPrice"],
    writes: ["market"],
    run(w) {
      const mkt = w.market;
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
      }
      noiseTrade(m.noiseTradeShare, w.amm, w.ledger, w.rng.market);
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
      const after = w.amm.price;
      mkt.priceRingSum += after - mkt.priceRing[slot]!;
      mkt.priceRing[slot] = after;
    },
  };
};
