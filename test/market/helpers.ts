import type { VenuePricing } from "../../engine/market/venue.ts";
import { Amm } from "../../engine/state/amm.ts";
import { Account, Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";

/** An AMM façade over `venue` holding `tokens` and `usd`, with 1M tokens in the traders' account. */
export function venueAmm(
  venue: VenuePricing | undefined,
  tokens: number,
  usd: number,
  feeRate: number,
): { amm: Amm; ledger: Ledger } {
  const ledger = new Ledger(new ProviderStore(4));
  ledger.genesisTo(Account.Amm, tokens);
  ledger.genesisTo(Account.Traders, 1_000_000);
  const amm = new Amm(ledger, usd, feeRate);
  amm.venue = venue;
  return { amm, ledger };
}
