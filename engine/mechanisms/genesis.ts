import { ParameterError } from "../errors.ts";
import type { NetworkParams } from "../params/network.ts";
import { categorical } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import { Account } from "../state/ledger.ts";
import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";
import { baseEmission, type EmissionContext } from "./emission.ts";
import { spawnProvider } from "./spawn.ts";

/**
 * Builds step 0: the AMM's token reserve at the initial price, the initial
 * providers (active, each with the minimum stake), the treasury's share, and the
 * rest of the genesis supply with outside holders (traders). Providers' wallets
 * and the foundation start at the holdings their sell policies settle to (see
 * {@link steadyStateHoldings}), taken from the traders' share, so that a network
 * in steady operation does not start with a transient of sales below emission.
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
  const exact = p.providers.exactInitialMix
    ? exactMix(p.providers.initial, classShares, regionShares, rng)
    : undefined;
  for (let k = 0; k < p.providers.initial; k++) {
    const i = s.allocate();
    const c = exact ? exact.classes[k]! : categorical(rng, classShares);
    const r = exact ? exact.regions[k]! : categorical(rng, regionShares);
    // Hardware already in service: its age is uniform over its amortisation period.
    const ageSteps = Math.round(
      (rng.next() * p.hardware[w.classNames[c]!]!.amortHours) / p.sim.stepHours,
    );
    spawnProvider(p, w.classNames, w.regionNames, s, i, c, r, rng, -ageSteps);
    w.roster.admit(i, Status.Active);
    ledger.genesisStake(i, p.staking.minStakeTokens);
  }
  const held = steadyStateHoldings(p, w.ledger.genesis);
  if (held.perCapacity > 0) {
    for (let i = 0; i < s.highWater; i++)
      ledger.toProvider(Account.Traders, i, held.perCapacity * s.throughput[i]!);
  }
  if (held.foundation > 0) ledger.transfer(Account.Traders, Account.Foundation, held.foundation);
  if (p.credits.enabled) {
    // Tenants start with their prepaid runway of credits, bought at the initial price.
    const pr = p.pricing;
    const spend =
      p.demand.baseGpuHoursPerHour *
      p.sim.stepHours *
      pr.usdPerGpuHour *
      Math.max(0, 1 - pr.protocolFeeShare - pr.providerFiatShare);
    const runway = p.credits.runwayEpochs * p.sim.epochSteps * spend;
    ledger.transfer(Account.Traders, Account.Vault, runway / p.market.initialPriceUsd);
    w.credits.tenantUsd = runway;
    w.credits.spendPerStepUsd = spend;
  }
}

/**
 * Token holdings that the sell policies settle to under the first epoch's
 * emission E: a wallet that receives h tokens an epoch it keeps and sells a
 * share λ of its balance each epoch settles at `h · (1 − λ) / λ`. Providers keep
 * `(1 − sellShare)` of their rewards (`sellShare` is also the estimate under
 * `coverCosts`) and sell `walletSellShare` of their wallets; the foundation
 * receives `foundationShare · E` and sells `market.foundationSellShare`.
 * Returns the providers' holdings per unit of throughput (rewards are paid
 * roughly pro rata to capacity) and the foundation's (tokens).
 */
function steadyStateHoldings(
  p: NetworkParams,
  genesisSupply: number,
): { perCapacity: number; foundation: number } {
  const ctx: EmissionContext = {
    epoch: 0,
    epochHours: p.sim.epochSteps * p.sim.stepHours,
    burnHistory: new Float64Array(1),
    burnHistoryFilled: 0,
    epochBurned: 0,
    genesisSupply,
    baseMintedSoFar: 0,
  };
  const e = p.emission;
  const emission = baseEmission(e, ctx);
  const steady = (inflow: number, share: number) =>
    share > 0 ? (inflow * (1 - share)) / share : 0;
  const pool = emission * Math.max(0, 1 - e.foundationShare - e.treasuryShare);
  let capacity = 0;
  for (const c of Object.keys(p.hardware))
    capacity += p.hardware[c]!.share * p.hardware[c]!.throughput;
  let classShares = 0;
  for (const c of Object.keys(p.hardware)) classShares += p.hardware[c]!.share;
  // Expected capacity of the initial providers (reference GPU-hours per hour).
  const expected = (p.providers.initial * capacity) / Math.max(classShares, 1e-12);
  const kept = pool * (1 - p.economics.sellShare);
  return {
    perCapacity: expected > 0 ? steady(kept, p.economics.walletSellShare) / expected : 0,
    foundation: steady(emission * e.foundationShare, p.market.foundationSellShare),
  };
}

/**
 * Counts in exact proportion to `shares` summing to `n`: the floors of n·share,
 * then one more to the largest remainders (ties to the lower index).
 */
export function largestRemainder(n: number, shares: readonly number[]): number[] {
  const total = shares.reduce((a, b) => a + b, 0);
  const raw = shares.map((x) => (total > 0 ? (n * x) / total : 0));
  const counts = raw.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const order = raw
    .map((x, i) => ({ i, rem: x - Math.floor(x) }))
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i]!++;
    left--;
  }
  return counts;
}

/**
 * Classes and regions of `n` initial providers in exact proportions, the regions
 * shuffled (Fisher-Yates on the genesis stream) so that class and region are
 * paired at random.
 */
function exactMix(
  n: number,
  classShares: readonly number[],
  regionShares: readonly number[],
  rng: Rng,
): { classes: Int32Array; regions: Int32Array } {
  const spread = (counts: number[]) => {
    const out = new Int32Array(n);
    let k = 0;
    counts.forEach((c, i) => {
      for (let j = 0; j < c; j++) out[k++] = i;
    });
    return out;
  };
  const classes = spread(largestRemainder(n, classShares));
  const regions = spread(largestRemainder(n, regionShares));
  for (let k = n - 1; k > 0; k--) {
    const j = Math.floor(rng.next() * (k + 1));
    const t = regions[k]!;
    regions[k] = regions[j]!;
    regions[j] = t;
  }
  return { classes, regions };
}
