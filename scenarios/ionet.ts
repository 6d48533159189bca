/**
 * io.net-like network from its published IO tokenomics: an 800M cap, hourly
 * rewards to suppliers falling 1.02% a month, revenue-funded buy-and-burn, and
 * investor and core-contributor unlocks after a 13-month cliff.
 *
 * Question it answers: suppliers are paid by a disinflationary emission, not by
 * burned job payments (clients pay suppliers in USDC; only the protocol's fees
 * buy IO back and burn it). Does the fee-funded burn offset the emission sold,
 * and what do the investors' and core contributors' monthly unlocks from month 13
 * do to the price and to the suppliers?
 *
 * What to look at: baseEmissionTokens (110,133 IO a day at the start, × 0.8842 a
 * year: the published schedule, see below); buybackTokens (burned) against
 * mintedTokens (net supply change); unlockedTokens and unlockSoldTokens (the
 * first investor and core-contributor tranche lands on day 396); priceUsd around
 * the unlocks; providersActive; treasuryRunwayDays.
 *
 * Sources (read 2026-12-03):
 * - io.net, "IO Tokenomics", https://docs.io.net/docs/io-tokenomics (the same text
 *   at https://io.net/docs/guides/coin/io-tokenomics):
 *   - maximum supply 800M IO; 500M distributed at launch; the remaining 300M
 *     emitted as hourly rewards to suppliers and their stakers over 20 years;
 *   - the emission starts at 8% annual inflation in year 1 and decreases by
 *     1.02% a month (~12% a year) until the 800M cap;
 *   - revenues of the IOG network buy IO and burn it, the amount adjusted to
 *     IO's price;
 *   - fees: a 0.25% reservation fee added to the renter's cost and a 0.25%
 *     reservation fee charged to the supplier; a 2% payment fee on each side for
 *     payments in USDC, none for payments in IO.
 * - Allocation and unlocks (io.net's announcement of 2024-06-05 as reported by
 *   Odaily, https://www.odaily.news/zh-CN/newsflash/373629, and in English at
 *   https://binance.com/en-IN/square/post/9095055577786): shares of the 800M
 *   maximum supply: community 50% (the 300M of emissions and 100M at launch),
 *   seed investors 12.5%, Series A investors 10.2%, core contributors 11.3%,
 *   R&D and ecosystem 16%. Investors' coins unlock in 24 equal monthly parts from
 *   the end of month 13 to the end of month 36; core contributors' (io.net Inc.
 *   employees') in 36 equal parts from the end of month 13 to the end of month 48.
 * - Rewards are for availability: suppliers earn hourly availability rewards
 *   for hardware they keep available, rental income from clients on top
 *   (https://binance.com/sv/square/post/6855877822761).
 *
 * How the published figures become parameters (derivations and approximations):
 * - Emission: "8% in year 1" read as the starting rate, 8% of the 500M launch
 *   supply a year = 40M IO a year, 3,333,333 IO in month 1 (4,566 IO an hour),
 *   each month 1.02% below the last. This reading gives 298.9M IO over 20 years,
 *   the published 300M (reading it as 40M in year 1 would give 316M). Year 1
 *   then mints 37,830,573 IO. The `decay` policy falls smoothly, daily, by
 *   decayPerYear = 0.9898^12 = 0.88424 a year; its initial rate (110,133 IO a
 *   day) is set so that every year's emission equals the published stepped
 *   schedule's exactly; within a year the cumulative emission differs from the
 *   monthly steps by less than 0.01% (the check below holds it within 0.5%).
 *   Hourly rewards are paid at daily epochs (as render-bme's daily epochs). The
 *   cap: 500M of genesis supply (circulating and locked) + base emission ≤ 800M.
 * - Burn: the protocol's fees go to the treasury and the `revenueShare`
 *   buy-back spends all of them each day buying IO that is burned. The exact
 *   price adjustment is not published; a USD-denominated buy-back burns more IO
 *   when the price is low and fewer when it is high, which is how it is read here.
 * - Fees (assumption: renters and suppliers settle in USDC, so the 2% payment
 *   fees apply): for a reservation costing C the renter pays 1.0225 C and the
 *   supplier receives 0.9775 C, so the protocol keeps 0.045 / 1.0225 = 4.401% of
 *   what renters pay (`pricing.usdPerGpuHour` is the renter's price) and the
 *   supplier gets the rest in USD (`providerFiatShare`): nothing is burned from
 *   job payments. All-IO payments would keep 0.005 / 1.0025 = 0.499%
 *   (`--set pricing.protocolFeeShare=0.004988 --set pricing.providerFiatShare=0.995012`);
 *   a payment in IO bought for the job and sold by its supplier is a round trip
 *   through the market, modelled as USD.
 * - Launch supply: the 500M are the circulating community share at launch,
 *   100M (`market.genesisSupplyTokens`), and locked buckets on top: investors
 *   (seed + Series A) 181.6M, core contributors (`team`) 90.4M, R&D and
 *   ecosystem (`ecosystem`) 128M. Months are 365/12 days: the cliff is
 *   395.42 days, the first tranche (1/24 or 1/36) unlocks at it and the rest
 *   monthly over 23 (or 35) months.
 * - Assumptions (see docs/assumptions.md): the R&D and ecosystem unlock
 *   schedule is not published (the generic 4-year linear unlock of the
 *   `ecosystem` bucket); holders' sales of unlocks are the buckets' defaults;
 *   the initial price 2 USD (IO's order of magnitude in its first months, a
 *   chosen unit rather than a fit); the network, its hardware, demand, prices
 *   and the market depth are the baseline's.
 */

import {
  basicStepInvariants,
  defineChecks,
  defineScenario,
  type RunView,
  withDefaults,
} from "../api/index.ts";
import { baselineSchema } from "./baseline.ts";

/** Maximum supply (IO), docs.io.net "IO Tokenomics". */
export const IO_MAX_SUPPLY = 800_000_000;
/** Supply distributed at launch (IO), docs.io.net "IO Tokenomics". */
export const IO_LAUNCH_SUPPLY = 500_000_000;
/** Starting annual inflation, on the launch supply (fraction a year). */
export const IO_YEAR1_INFLATION = 0.08;
/** Monthly fall of the emission rate (fraction a month). */
export const IO_MONTHLY_DECREASE = 0.0102;
/** Hours in a month of the schedule (8760 / 12). */
export const IO_MONTH_HOURS = 730;
/** Month-1 emission (IO): 8% of 500M a year, a twelfth of it. */
export const IO_MONTH1_TOKENS = (IO_LAUNCH_SUPPLY * IO_YEAR1_INFLATION) / 12;
/** Yearly decay factor of the emission rate: 0.9898^12 ≈ 0.88424. */
export const IO_DECAY_PER_YEAR = (1 - IO_MONTHLY_DECREASE) ** 12;

/**
 * The published schedule's cumulative emission after `hours` (IO): month k
 * (0-based) emits `IO_MONTH1_TOKENS · 0.9898^k` at a constant hourly rate, and the
 * total never exceeds the 300M of the cap.
 */
export function ionetScheduleTokens(hours: number): number {
  const q = 1 - IO_MONTHLY_DECREASE;
  const months = hours / IO_MONTH_HOURS;
  const whole = Math.floor(months);
  const full = (IO_MONTH1_TOKENS * (1 - q ** whole)) / (1 - q);
  const partial = (months - whole) * IO_MONTH1_TOKENS * q ** whole;
  return Math.min(IO_MAX_SUPPLY - IO_LAUNCH_SUPPLY, full + partial);
}

/** Year-1 emission of the published schedule (IO): 37,830,573. */
export const IO_YEAR1_TOKENS = ionetScheduleTokens(12 * IO_MONTH_HOURS);

/**
 * Initial daily rate of the smooth `decay` policy (IO a day) whose 365 daily
 * epochs of year 1 mint exactly the published year 1 (and so every later year):
 * `Y1 · (1 − Q^(1/365)) / (1 − Q)`, Q the yearly factor; ≈ 110,133.
 */
export const IO_DAILY_TOKENS =
  (IO_YEAR1_TOKENS * (1 - IO_DECAY_PER_YEAR ** (1 / 365))) / (1 - IO_DECAY_PER_YEAR);

/** Allocations at launch (IO): shares of the 800M maximum supply. */
export const IO_ALLOCATIONS = {
  /** Seed 12.5% + Series A 10.2%. */
  investors: Math.round((0.125 + 0.102) * IO_MAX_SUPPLY),
  /** Core contributors 11.3%. */
  coreContributors: Math.round(0.113 * IO_MAX_SUPPLY),
  /** R&D and ecosystem 16%. */
  ecosystem: Math.round(0.16 * IO_MAX_SUPPLY),
  /** Community at launch: 50% less the 300M of emissions. */
  communityAtLaunch: 0.5 * IO_MAX_SUPPLY - (IO_MAX_SUPPLY - IO_LAUNCH_SUPPLY),
} as const;

/** A month of the unlock schedules (days). */
const MONTH_DAYS = 365 / 12;
/** Investors' and core contributors' cliff: the end of month 13 (days). */
export const IO_CLIFF_DAYS = 13 * MONTH_DAYS;
/** The step in which the first tranche unlocks (its end reaches the cliff). */
export const IO_CLIFF_STEP = Math.ceil(IO_CLIFF_DAYS * 24) - 1;

/** Share of renters' payments the protocol keeps, all in USDC (0.045 / 1.0225). */
export const IO_FEE_SHARE = (2 * 0.0025 + 2 * 0.02) / (1 + 0.0025 + 0.02);

export const ionetSchema = withDefaults(baselineSchema, {
  // Two years: the first year's emission, then the unlocks from day 396.
  sim: { steps: 2 * 365 * 24, stepHours: 1, epochSteps: 24 },
  // Clients pay suppliers in USDC; the protocol keeps its fees (to the buy-back);
  // no job payment is burned.
  pricing: { protocolFeeShare: IO_FEE_SHARE, providerFiatShare: 1 - IO_FEE_SHARE },
  // Assumption: an initial price of 2 USD (a chosen unit, see the header). The
  // launch community share circulates; no genesis treasury tokens (the R&D and
  // ecosystem allocation is the ecosystem bucket).
  market: {
    initialPriceUsd: 2,
    genesisSupplyTokens: IO_ALLOCATIONS.communityAtLaunch,
    treasuryShare: 0,
  },
  emission: {
    policy: "decay",
    tokensPerEpoch: IO_DAILY_TOKENS,
    decayPerYear: IO_DECAY_PER_YEAR,
    maxSupplyTokens: IO_MAX_SUPPLY,
    // All of the emission to suppliers (and their stakers), for availability.
    foundationShare: 0,
    treasuryShare: 0,
    availabilityShare: 1,
  },
  vesting: {
    enabled: true,
    // 24 equal monthly parts from the end of month 13 to the end of month 36.
    investors: {
      tokens: IO_ALLOCATIONS.investors,
      cliffDays: IO_CLIFF_DAYS,
      cliffShare: 1 / 24,
      shape: "stepped",
      periodDays: MONTH_DAYS,
      durationDays: 23 * MONTH_DAYS,
    },
    // 36 equal monthly parts from the end of month 13 to the end of month 48.
    team: {
      tokens: IO_ALLOCATIONS.coreContributors,
      cliffDays: IO_CLIFF_DAYS,
      cliffShare: 1 / 36,
      shape: "stepped",
      periodDays: MONTH_DAYS,
      durationDays: 35 * MONTH_DAYS,
    },
    // R&D and ecosystem: amount published, schedule not (the bucket's default).
    ecosystem: { tokens: IO_ALLOCATIONS.ecosystem },
    foundation: { tokens: 0 },
    community: { tokens: 0 },
  },
  // All protocol fees buy IO back each day, and it is burned.
  treasury: { enabled: true, rule: "revenueShare", revenueShare: 1, destination: "burn" },
});

export const scenario = defineScenario({
  name: "ionet",
  summary:
    "io.net-like IO: 800M cap, emission from 8% falling 1.02% a month, fee-funded buy-and-burn, unlocks after a 13-month cliff",
  schema: ionetSchema,
});

/** Investors' and core contributors' allocation still locked at a step (IO). */
function lockedNonEcosystem(r: RunView, step: number): number {
  const hours = step + 1;
  const ecoLocked = IO_ALLOCATIONS.ecosystem * Math.max(0, 1 - hours / (1460 * 24));
  return r.at("lockedTokens", step) - ecoLocked;
}

/** What `tokensim check` holds this scenario to (14-month runs on a small network). */
export const checks = defineChecks({
  sets: [
    `sim.steps=${14 * IO_MONTH_HOURS}`,
    "providers.initial=1000",
    "providers.maxTotal=2000",
    "demand.baseGpuHoursPerHour=900",
    "market.ammUsdDepth=1000000",
    "economics.entryMaxPerEpoch=2",
  ],
  runs: 10,
  seed: 21,
  outcomes: {
    /** Minted over the published schedule for the epochs paid (ratio). */
    mintedVsSchedule: (r) =>
      r.summary.headline.mintedTokens /
      ionetScheduleTokens(24 * Math.floor(r.summary.stepsCompleted / 24)),
    /** Investors' and core contributors' tokens unlocked before the cliff (IO). */
    unlockedBeforeCliff: (r) =>
      IO_ALLOCATIONS.investors +
      IO_ALLOCATIONS.coreContributors -
      lockedNonEcosystem(r, IO_CLIFF_STEP - 1),
    /** Their first tranche at the cliff over 1/24 + 1/36 of the allocations (ratio). */
    cliffTrancheRatio: (r) =>
      (lockedNonEcosystem(r, IO_CLIFF_STEP - 1) - lockedNonEcosystem(r, IO_CLIFF_STEP)) /
      (IO_ALLOCATIONS.investors / 24 + IO_ALLOCATIONS.coreContributors / 36),
  },
  stepInvariants: basicStepInvariants,
  assertions: [
    {
      name: "mints the published schedule (not less, 0.5%)",
      stat: "quantile",
      metric: "mintedVsSchedule",
      q: 0.05,
      greaterThan: 0.995,
    },
    {
      name: "mints the published schedule (not more, 0.5%)",
      stat: "quantile",
      metric: "mintedVsSchedule",
      q: 0.95,
      lessThan: 1.005,
    },
    {
      name: "no investor or core-contributor unlock before the 13-month cliff",
      stat: "quantile",
      metric: "unlockedBeforeCliff",
      q: 0.95,
      lessThan: 1,
    },
    {
      name: "the first tranche (1/24 and 1/36) unlocks at the cliff",
      stat: "quantile",
      metric: "cliffTrancheRatio",
      q: 0.05,
      greaterThan: 0.999,
    },
  ],
});
