import { topUpStake } from "../mechanisms/lifecycle.ts";
import { spawnProvider } from "../mechanisms/spawn.ts";
import type { Rng } from "../rng/source.ts";
import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";
import { OUTSIDE, type OwnerPopulation } from "./owners.ts";

/**
 * Whether owner o's GPU is still serving (or onboarding, jailed or paused) on its
 * network. False once the network's own exit rule has started it unbonding or
 * freed the slot: the owner is then on the outside option.
 */
export function stillOn(pop: OwnerPopulation, worlds: readonly World[], o: number): boolean {
  const k = pop.loc[o]!;
  if (k === OUTSIDE) return false;
  const st = worlds[k]!.providers.status[pop.slot[o]!]!;
  return st !== Status.Exiting && st !== Status.Empty;
}

/**
 * Takes owner o's GPU off its network by the network's normal exit path: the
 * provider starts unbonding at step `nextStep` and, `economics.unbondingSteps`
 * later, the lifecycle phase unlocks its stake, sells its tokens on that
 * network's market and frees the slot. Nothing moves outside the ledger.
 */
export function leaveNetwork(
  pop: OwnerPopulation,
  worlds: readonly World[],
  o: number,
  nextStep: number,
): void {
  const k = pop.loc[o]!;
  if (k === OUTSIDE) return;
  const w = worlds[k]!;
  const i = pop.slot[o]!;
  const st = w.providers.status[i]!;
  if (st !== Status.Exiting && st !== Status.Empty)
    w.roster.setStatus(i, Status.Exiting, nextStep + w.params.economics.unbondingSteps);
  pop.loc[o] = OUTSIDE;
  pop.slot[o] = -1;
}

/**
 * Puts owner o's GPU on network k as a new provider, the way the network's own
 * entry does: a slot, the derived figures of its class (`spawnProvider`, its
 * behaviour drawn from the network's shares with `rng`), the owner's own
 * electricity price, purchase step, patience and hurdle rate, onboarding until
 * `nextStep + onboardingSteps + downtimeSteps`, and the minimum stake bought on
 * the network's market with the owner's USD. Returns false (the owner stays
 * outside) when the network's provider store is full.
 */
export function joinNetwork(
  pop: OwnerPopulation,
  w: World,
  k: number,
  o: number,
  classNames: readonly string[],
  regionNames: readonly string[],
  nextStep: number,
  downtimeSteps: number,
  rng: Rng,
): boolean {
  const s = w.providers;
  const i = s.allocate();
  if (i < 0) return false;
  const p = w.params;
  const c = w.classNames.indexOf(classNames[pop.hwClass[o]!]!);
  const r = w.regionNames.indexOf(regionNames[pop.region[o]!]!);
  spawnProvider(p, w.classNames, w.regionNames, s, i, c, r, rng, pop.boughtStep[o]!);
  s.powerPrice[i] = pop.powerPrice[o]!;
  s.patience[i] = pop.patience[o]!;
  s.hurdleRate[i] = pop.hurdleRate[o]!;
  w.roster.admit(i, Status.Onboarding, nextStep + p.economics.onboardingSteps + downtimeSteps);
  topUpStake(s, w.ledger, w.amm, i, p.staking.minStakeTokens);
  pop.loc[o] = k;
  pop.slot[o] = i;
  return true;
}
