import { column } from "../../pipeline/outputs.ts";
import { Account } from "../../state/ledger.ts";
import type { World } from "../../state/world.ts";
import { defineMechanism, invariant, type Mechanism } from "../mechanism.ts";
import { SUPPLY_TOLERANCE } from "../tolerances.ts";

/** The lowest token balance of the ledger's accounts (and, with `audit`, of the provider columns). */
function minTokenBalance(w: World, audit: boolean): number {
  const { accounts } = w.ledger;
  let min = 0;
  for (let k = 0; k < accounts.length; k++) if (accounts[k]! < min) min = accounts[k]!;
  if (audit) {
    const { tokens, stake, highWater } = w.providers;
    for (let i = 0; i < highWater; i++) {
      if (tokens[i]! < min) min = tokens[i]!;
      if (stake[i]! < min) min = stake[i]!;
    }
  }
  return min;
}

/** The `ledger` mechanism: token accounts, supply and stakes: conservation and non-negative balances. */
export const ledgerMechanism: Mechanism = defineMechanism({
  name: "ledger",
  description: "token accounts, supply and stakes: conservation and non-negative balances",
  columns: [
    column(
      "supplyTokens",
      "tokens",
      "total supply: genesis + minted − burned",
      (w) => w.ledger.supply,
    ),
    column(
      "circulatingTokens",
      "tokens",
      "supply minus locked stake",
      (w) => w.ledger.supply - w.ledger.providerStake,
    ),
    column("stakedTokens", "tokens", "stake locked by providers", (w) => w.ledger.providerStake),
    column(
      "treasuryTokens",
      "tokens",
      "treasury token balance",
      (w) => w.ledger.accounts[Account.Treasury]!,
    ),
    column(
      "mintedTokens",
      "tokens",
      "minted this step (emissions at epoch ends)",
      (w) => w.totals.minted,
    ),
    column(
      "burnedTokens",
      "tokens",
      "burned this step (buy-and-burn and slashes)",
      (w) => w.totals.burned + w.totals.slashBurned,
    ),
    column("slashedTokens", "tokens", "stake slashed this step", (w) => w.totals.slashed),
    column("cumMintedTokens", "tokens", "minted since step 0", (w) => w.ledger.minted),
    column("cumBurnedTokens", "tokens", "burned since step 0", (w) => w.ledger.burned),
  ],
  invariants: [
    invariant(
      "supply-conservation",
      "accounts + wallets + stakes = genesis + minted − burned; with audit, the provider columns sum to the ledger's running totals (which are then re-anchored on them)",
      (w, audit) => {
        const { ledger } = w;
        let held = ledger.providerTokens + ledger.providerStake;
        for (let k = 0; k < ledger.accounts.length; k++) held += ledger.accounts[k]!;
        const supply = ledger.supply;
        const tolerance = SUPPLY_TOLERANCE * Math.max(1, Math.abs(supply));
        if (Math.abs(held - supply) > tolerance)
          return {
            values: {
              held,
              expected: supply,
              genesis: ledger.genesis,
              minted: ledger.minted,
              burned: ledger.burned,
            },
          };
        if (!audit) return undefined;
        const { tokens, stake, highWater } = w.providers;
        let wallets = 0;
        let stakes = 0;
        for (let i = 0; i < highWater; i++) {
          wallets += tokens[i]!;
          stakes += stake[i]!;
        }
        if (
          Math.abs(wallets - ledger.providerTokens) + Math.abs(stakes - ledger.providerStake) >
          tolerance
        )
          return {
            values: {
              walletsSum: wallets,
              walletsLedger: ledger.providerTokens,
              stakesSum: stakes,
              stakesLedger: ledger.providerStake,
            },
            detail: "provider columns disagree with the ledger's totals",
          };
        // Re-anchor the running totals on the exact sums so rounding cannot accumulate.
        ledger.providerTokens = wallets;
        ledger.providerStake = stakes;
        w.roster.recount();
        return undefined;
      },
    ),
    invariant(
      "non-negative-balance",
      "every token balance (with audit, every provider wallet and stake) and both AMM reserves are ≥ 0",
      (w, audit) => {
        const { amm } = w;
        const minBalance = minTokenBalance(w, audit);
        if (minBalance < 0 || amm.usdReserve < 0 || !(amm.tokenReserve >= 0))
          return {
            values: {
              minTokenBalance: minBalance,
              ammUsdReserve: amm.usdReserve,
              ammTokenReserve: amm.tokenReserve,
            },
          };
        return undefined;
      },
    ),
  ],
});
