import type { NetworkParams } from "../params/network.ts";
import type { Rng } from "../rng/source.ts";
import { Behaviour, type ProviderStore } from "../state/providers.ts";

/**
 * Fills provider slot `i` with a new provider of hardware class `c` in region `r`:
 * derived per-provider figures (effective throughput, power draw in kW, power
 * price with individual spread, fixed USD cost per hour) and its behaviour,
 * drawn from the scenario's cheater and TEE shares. The slot's status is left
 * to the caller (`Roster.admit`).
 */
export function spawnProvider(
  p: NetworkParams,
  classNames: readonly string[],
  regionNames: readonly string[],
  s: ProviderStore,
  i: number,
  c: number,
  r: number,
  rng: Rng,
): void {
  const hw = p.hardware[classNames[c]!]!;
  const region = p.regions[regionNames[r]!]!;
  const u = rng.next();
  const behaviour =
    u < p.providers.cheaterShare
      ? Behaviour.Cheater
      : u < p.providers.cheaterShare + p.providers.teeShare
        ? Behaviour.Tee
        : Behaviour.Honest;
  s.hwClass[i] = c;
  s.region[i] = r;
  s.behaviour[i] = behaviour;
  s.throughput[i] = hw.throughput * (behaviour === Behaviour.Tee ? 1 - p.providers.teeOverhead : 1);
  s.cheatFraction[i] = behaviour === Behaviour.Cheater ? p.providers.cheatFraction : 0;
  s.loadKw[i] = hw.loadW / 1000;
  s.idleKw[i] = hw.idleW / 1000;
  s.powerPrice[i] =
    region.powerUsdPerKwh * (1 + p.providers.powerPriceSpread * (2 * rng.next() - 1));
  s.fixedUsdPerHour[i] = hw.capexUsd / hw.amortHours + p.providers.opexUsdPerHour;
}
