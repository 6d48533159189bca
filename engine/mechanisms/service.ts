import { type ProviderStore, Status } from "../state/providers.ts";

/** Totals of one {@link serveAndAccrue} pass. */
export interface ServiceTotals {
  /** Provider costs this step: energy plus fixed (USD). */
  costUsd: number;
  /** Fiat paid to providers this step (USD). */
  fiatUsd: number;
}

/**
 * Providers serve the matched work and pay for it. An active provider in region r
 * serves `throughput · util_r · stepHours` GPU-hours and draws
 * `idleKw + (loadKw − idleKw) · util_r · (1 − cheatFraction)` kW (a cheater saves
 * the power of the jobs it fakes). Energy costs `kWh · powerPrice` USD; every
 * provider that is onboarding, active or jailed also pays its fixed cost
 * (amortised capex and opex) per hour, and idle power when not active.
 * Accumulates each provider's epoch work, availability, costs and fiat revenue.
 */
export function serveAndAccrue(
  s: ProviderStore,
  utilByRegion: Float64Array,
  stepHours: number,
  fiatUsdPerWork: number,
  out: ServiceTotals,
): void {
  const { status, region, throughput, loadKw, idleKw, powerPrice, fixedUsdPerHour, cheatFraction } =
    s;
  const { epochWork, epochAvail, epochCostUsd, epochFiatUsd, pnlUsd } = s;
  let costSum = 0;
  let fiatSum = 0;
  for (let i = 0; i < s.highWater; i++) {
    const st = status[i]!;
    if (st === Status.Active) {
      const u = utilByRegion[region[i]!]!;
      const thr = throughput[i]!;
      const work = thr * u * stepHours;
      const idle = idleKw[i]!;
      const kw = idle + (loadKw[i]! - idle) * u * (1 - cheatFraction[i]!);
      const cost = (kw * powerPrice[i]! + fixedUsdPerHour[i]!) * stepHours;
      const fiat = work * fiatUsdPerWork;
      epochWork[i]! += work;
      epochAvail[i]! += thr * stepHours;
      epochCostUsd[i]! += cost;
      epochFiatUsd[i]! += fiat;
      pnlUsd[i]! += fiat - cost;
      costSum += cost;
      fiatSum += fiat;
    } else if (st === Status.Onboarding || st === Status.Jailed) {
      const cost = (idleKw[i]! * powerPrice[i]! + fixedUsdPerHour[i]!) * stepHours;
      epochCostUsd[i]! += cost;
      pnlUsd[i]! -= cost;
      costSum += cost;
    }
  }
  out.costUsd = costSum;
  out.fiatUsd = fiatSum;
}
