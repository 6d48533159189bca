import type { NetworkParams } from "../params/network.ts";
import { poisson } from "../rng/distributions.ts";
import type { Rng } from "../rng/source.ts";
import type { Amm } from "../state/amm.ts";
import type { Ledger } from "../state/ledger.ts";
import { Status } from "../state/providers.ts";
import type { Roster } from "../state/roster.ts";
import { topUpStake } from "./lifecycle.ts";
import { spawnProvider } from "./spawn.ts";

/**
 * What a provider's hardware would sell for at `step` (USD): its purchase price
 * × `resaleShareNew` × `(1 − resaleDecayPerYear)^age`, age in years since it was
 * bought.
 */
function resaleValueUsd(e: NetworkParams["economics"], capexUsd: number, ageHours: number): number {
  return capexUsd * e.resaleShareNew * (1 - e.resaleDecayPerYear) ** (ageHours / 8760);
}

/**
 * Exit decisions at an epoch end. Each active or jailed provider's epoch profit
 * (USD) depends on `economics.exitRule`:
 * - `cashVsResale` (default): cash margin against the opportunity cost of keeping
 *   the hardware, `fiat + reward · price − (cost − capex) − resale · hurdle · epochHours / 8760`.
 *   Amortised capex is spent already (a sunk cost) and does not count; what the
 *   hardware would fetch if sold (`resaleValueUsd`), at the provider's own
 *   annual hurdle rate, does.
 * - `amortised`: `fiat + reward · price − cost`, amortised capex included (the
 *   rule before 0.2.0).
 * Trailing profit is an exponential moving average with window
 * `profitWindowEpochs`. An epoch with negative trailing profit lengthens the
 * provider's loss streak; the streak resets only once trailing profit exceeds
 * `exitHysteresis` × the epoch's costs (hysteresis). After its own patience
 * (`patience[i]`, drawn at spawn) of loss-making epochs the provider starts
 * exiting. Writes each provider's trailing profit per hour into `profitOut` and
 * returns how many it wrote there, and the number of exits via `result`.
 */
export function exitDecisions(
  e: NetworkParams["economics"],
  roster: Roster,
  price: number,
  epochHours: number,
  step: number,
  stepHours: number,
  firstEpoch: boolean,
  profitOut: Float64Array,
  result: { exits: number },
): number {
  const s = roster.s;
  const alpha = 1 / e.profitWindowEpochs;
  const cashRule = e.exitRule === "cashVsResale";
  const { status, epochFiatUsd, epochReward, epochCostUsd, epochCapexUsd, trailingProfit } = s;
  const { lossStreak, patience, hurdleRate, capexUsd, boughtStep } = s;
  const yearsPerEpoch = epochHours / 8760;
  let n = 0;
  let exits = 0;
  for (let i = 0; i < s.highWater; i++) {
    const st = status[i]!;
    if (st !== Status.Active && st !== Status.Jailed) {
      epochCostUsd[i] = 0;
      epochCapexUsd[i] = 0;
      epochFiatUsd[i] = 0;
      continue;
    }
    const cost = epochCostUsd[i]!;
    let profit = epochFiatUsd[i]! + epochReward[i]! * price - cost;
    if (cashRule) {
      const resale = resaleValueUsd(e, capexUsd[i]!, (step - boughtStep[i]!) * stepHours);
      profit += epochCapexUsd[i]! - resale * hurdleRate[i]! * yearsPerEpoch;
    }
    const trailing = firstEpoch
      ? profit
      : trailingProfit[i]! + alpha * (profit - trailingProfit[i]!);
    trailingProfit[i] = trailing;
    if (trailing < 0) lossStreak[i] = lossStreak[i]! + 1;
    else if (trailing > e.exitHysteresis * cost) lossStreak[i] = 0;
    if (lossStreak[i]! >= patience[i]!) {
      roster.setStatus(i, Status.Exiting, step + e.unbondingSteps);
      exits++;
    }
    profitOut[n++] = trailing / epochHours;
    epochCostUsd[i] = 0;
    epochCapexUsd[i] = 0;
    epochFiatUsd[i] = 0;
  }
  result.exits = exits;
  return n;
}

/** Network conditions a prospective provider looks at (last epoch's figures). */
export interface EntryOutlook {
  /** Token price (USD/token). */
  price: number;
  /** Tokens paid per GPU-hour served and per GPU-hour offered. */
  rewardPerWork: number;
  rewardPerAvail: number;
  /** Fiat paid to providers per GPU-hour served (USD). */
  fiatPerWork: number;
  /** Mean utilisation per region over the last epoch (fraction). */
  utilByRegion: Float64Array;
  /** Entry share per hardware class (fractions; a hardware-generation shock changes them). */
  classShare: Float64Array;
  /** Multiplier on each region's electricity price (a power-price shock changes it). */
  powerFactor: Float64Array;
  /**
   * The subsidy a new provider of this throughput would get per hour
   * (USD/hour; `subsidyUsdPerHour` in `subsidies.ts`: what an active provider of
   * that throughput was paid at this epoch end, which its exit decision
   * counts). Absent: no subsidy programme.
   */
  subsidyUsdPerHour?: (throughput: number) => number;
}

/**
 * Expected annual return on capex of a new provider of class c in region r:
 * `8760 · (revenue/h − cost/h) / capex`, from the last epoch's utilisation,
 * reward rates and price, at the region's mean power price (× its shock factor).
 * Revenue includes the subsidy it would get (`o.subsidyUsdPerHour`), the same
 * figure the exit decisions count.
 */
export function expectedRoi(
  p: NetworkParams,
  className: string,
  regionName: string,
  r: number,
  o: EntryOutlook,
): number {
  const hw = p.hardware[className]!;
  const region = p.regions[regionName]!;
  const u = o.utilByRegion[r]!;
  const thr = hw.throughput;
  let revenue =
    thr * (u * (o.fiatPerWork + o.rewardPerWork * o.price) + o.rewardPerAvail * o.price);
  if (o.subsidyUsdPerHour) revenue += o.subsidyUsdPerHour(thr);
  const kw = (hw.idleW + (hw.loadW - hw.idleW) * u) / 1000;
  const cost =
    kw * region.powerUsdPerKwh * o.powerFactor[r]! +
    hw.capexUsd / hw.amortHours +
    p.providers.opexUsdPerHour;
  return (8760 * (revenue - cost)) / Math.max(hw.capexUsd, 1);
}

/**
 * ROI-driven entry at an epoch end. For each (class, region) pair the number of
 * entrants is Poisson with mean
 * `entryMaxPerEpoch · share_c · share_r · clamp(entrySensitivity · (ROI − hurdle), 0, 1)`.
 * Each entrant buys the minimum stake on the AMM with its own USD (buy pressure)
 * and onboards for `onboardingSteps`. Entry stops when the provider store is full.
 * Returns the number of entrants.
 */
export function enterProviders(
  p: NetworkParams,
  classNames: readonly string[],
  regionNames: readonly string[],
  roster: Roster,
  ledger: Ledger,
  amm: Amm,
  o: EntryOutlook,
  step: number,
  rng: Rng,
): number {
  const e = p.economics;
  const s = roster.s;
  if (e.entryMaxPerEpoch <= 0) return 0;
  let classTotal = 0;
  for (let c = 0; c < classNames.length; c++) classTotal += o.classShare[c]!;
  if (classTotal <= 0) return 0;
  let regionTotal = 0;
  for (const r of regionNames) regionTotal += p.regions[r]!.providerShare;
  let entered = 0;
  for (let c = 0; c < classNames.length; c++) {
    for (let r = 0; r < regionNames.length; r++) {
      if (o.classShare[c]! <= 0) continue;
      const roi = expectedRoi(p, classNames[c]!, regionNames[r]!, r, o);
      const pull = Math.min(1, Math.max(0, e.entrySensitivity * (roi - e.entryRoiHurdle)));
      if (pull <= 0) continue;
      const mix =
        (o.classShare[c]! / classTotal) * (p.regions[regionNames[r]!]!.providerShare / regionTotal);
      const n = poisson(rng, e.entryMaxPerEpoch * mix * pull);
      for (let k = 0; k < n; k++) {
        const i = s.allocate();
        if (i < 0) return entered;
        spawnProvider(p, classNames, regionNames, s, i, c, r, rng, step);
        s.powerPrice[i]! *= o.powerFactor[r]!;
        roster.admit(i, Status.Onboarding, step + e.onboardingSteps);
        topUpStake(s, ledger, amm, i, p.staking.minStakeTokens);
        entered++;
      }
    }
  }
  return entered;
}

/**
 * The provider-economics state in `World` (`w.economics`): the trailing provider
 * profit quantiles recorded at the last epoch end's exit decisions.
 */
export class EconomicsState {
  /** 10th percentile of trailing provider profit at the last epoch end (USD per hour). */
  profitP10 = 0;
  /** Median trailing provider profit at the last epoch end (USD per hour). */
  profitP50 = 0;
  /** 90th percentile of trailing provider profit at the last epoch end (USD per hour). */
  profitP90 = 0;
}
