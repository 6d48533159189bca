import { ParameterError } from "../errors.ts";
import { categorical } from "../rng/distributions.ts";
import { Account } from "../state/ledger.ts";
import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";
import { spawnProvider } from "./spawn.ts";

/**
 * Builds step 0: the AMM's token reserve at the initial price, the initial
 * providers (active, each with the minimum stake), the treasury's share, and the
 * rest of the genesis supply with outside holders (traders).
 */
export function genesis(w: World): void {
  const p = w.params;
  const { ledger, providers: s } = w;
  const ammTokens = p.market.ammUsdDepth / p.market.initialPriceUsd;
  const stakes = p.providers.initial * p.staking.minStakeTokens;
  const treasury = p.market.genesisSupplyTokens * p.market.treasuryShare;
  const traders = p.market.genesisSupplyTokens - ammTokens - stakes - treasury;
  if (traders < 0) {
    throw new ParameterError(
      `market.genesisSupplyTokens=${p.market.genesisSupplyTokens} is too small: the AMM reserve (${ammTokens} tokens), ` +
        `initial stakes (${stakes}) and treasury (${treasury}) need ${ammTokens + stakes + treasury} tokens`,
    );
  }
  ledger.genesisTo(Account.Amm, ammTokens);
  ledger.genesisTo(Account.Treasury, treasury);
  ledger.genesisTo(Account.Traders, traders);
  w.amm.lastProduct = w.amm.product;
  const classShares = w.classNames.map((c) => p.hardware[c]!.share);
  const regionShares = w.regionNames.map((r) => p.regions[r]!.providerShare);
  const rng = w.rng.genesis;
  for (let k = 0; k < p.providers.initial; k++) {
    const i = s.allocate();
    const c = categorical(rng, classShares);
    const r = categorical(rng, regionShares);
    spawnProvider(p, w.classNames, w.regionNames, s, i, c, r, rng);
    w.roster.admit(i, Status.Active);
    ledger.genesisStake(i, p.staking.minStakeTokens);
  }
}
