import type { NetworkParams } from "../params/network.ts";
import { lognormalMeanCv } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import { Behaviour, type ProviderStore } from "../state/providers.ts";

/**
 * Fills provider slot `i` with a new provider of hardware class `c` in region `r`:
 * derived per-provider figures (effective throughput, power draw in kW, power
 * price with individual spread, fixed USD cost per hour) and its behaviour,
 * drawn from the scenario's cheater and TEE shares, and its own exit traits:
 * patience (log-normal around `economics.exitPatienceEpochs` with CV
 * `exitPatienceCv`, at least 1) and hurdle rate (log-normal around
 * `economics.hurdleRateMean` with CV `hurdleRateCv`). `boughtStep` is when its
 * hardware was bought (the caller's step; genesis providers get an age). The
 * slot's status is left to the caller (`Roster.admit`).
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
  boughtStep = 0,
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
  s.capexUsdPerHour[i] = hw.capexUsd / hw.amortHours;
  s.fixedUsdPerHour[i] = s.capexUsdPerHour[i]! + p.providers.opexUsdPerHour;
  s.capexUsd[i] = hw.capexUsd;
  s.boughtStep[i] = boughtStep;
  const e = p.economics;
  s.patience[i] = Math.min(
    32767,
    Math.max(1, Math.round(lognormalMeanCv(rng, e.exitPatienceEpochs, e.exitPatienceCv))),
  );
  s.hurdleRate[i] = lognormalMeanCv(rng, e.hurdleRateMean, e.hurdleRateCv);
}
