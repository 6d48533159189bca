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
 * Reads `w.sellPending`, `w.isEpochEnd`, `w.step`, `w.priceRing`, `w.rng.market` and
 * `w.rng.external`. Writes `w.amm`, `w.ledger`, `w.treasuryUsd`, `w.externalPrice`,
 * `w.priceRing`, `w.priceRingSum`, `w.sellPending` and `w.totals` (provider and
 * foundation tokens sold, treasury spent).
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
    after: ["settlement"],
    run(w) {
      if (w.sellPending) {
        const sold = sellProviderRewards(w.providers, w.ledger, w.amm);
        w.totals.providerSoldTokens += sold.tokens;
        w.sellPending = false;
      }
      if (w.isEpochEnd) {
        w.totals.foundationSoldTokens = sellFoundationShare(m.foundationSellShare, w.amm, w.ledger);
        const spent = spendTreasury(m.treasurySpendUsdPerEpoch, w.treasuryUsd, w.amm, w.ledger);
        w.treasuryUsd = spent.treasuryUsd;
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
          w.priceRing[slot]!,
          w.priceRingSum / L,
        );
        traderTrade(usd, w.amm, w.ledger);
      }
      if (m.externalMarket) {
        w.externalPrice = stepExternalPrice(w.externalPrice, m.externalVolPerStep, w.rng.external);
        arbitrageToward(w.externalPrice, m.arbitrageShare, w.amm, w.ledger);
      }
      const after = w.amm.price;
      w.priceRingSum += after - w.priceRing[slot]!;
      w.priceRing[slot] = after;
    },
  };
};
