/**
 * Helium's HNT emission history from 1 August 2020 to 1 August 2023, scripted
 * as governance changes (`governance.change1` … `change4`) over a fixed
 * emission policy, as `path=value` overrides for a run that starts on
 * 1 August 2020 with daily epochs. Use it over any scenario:
 * `tokensim run helium-halving --set ...heliumEmissionHistory(1)`.
 *
 * Sources (helium/HIP, 0020-hnt-max-supply.md: HIP-20, deployed; the table
 * "HNT at start of year" counts years from genesis, 29 July 2019, with
 * halvings on the anniversary, 1 August):
 * - to 1 Aug 2021: 5M HNT a month, 60M a year (164,383.56 HNT a day); the
 *   founders' share 34% (year 2);
 * - 1 Aug 2021, the first HIP-20 halving: 30M a year (82,191.78 a day);
 *   founders 33% (year 3);
 * - 1 Aug 2022: founders 32% (year 4);
 * - 1 Aug 2023, the second halving: 15M a year (41,095.89 a day).
 * The founders' reward is the model's `emission.foundationShare`. HIP-51/52/53
 * (April 2023: subDAOs, HNT emissions routed to the IOT and MOBILE treasuries)
 * have no counterpart in a one-token model and are not scripted.
 */

/** HNT a day at 60M a year (HIP-20 years 1 and 2). */
const HNT_DAILY_2019 = 60_000_000 / 365;

/** The scheduled changes: days since 1 August 2020, the parameter, its new value. */
export const HELIUM_HISTORY: readonly { day: number; param: string; value: number }[] = [
  { day: 365, param: "emission.tokensPerEpoch", value: HNT_DAILY_2019 / 2 },
  { day: 365, param: "emission.foundationShare", value: 0.33 },
  { day: 730, param: "emission.foundationShare", value: 0.32 },
  { day: 1095, param: "emission.tokensPerEpoch", value: HNT_DAILY_2019 / 4 },
];

/**
 * The overrides for a run of steps of `stepHours` hours (epochs must be a day:
 * `sim.epochSteps` · `stepHours` = 24): the starting emission (fixed policy,
 * 60M HNT a year, founders 34%) and the four changes at their steps.
 */
export function heliumEmissionHistory(stepHours: number): string[] {
  if (!(stepHours > 0) || 24 % stepHours !== 0)
    throw new RangeError(`stepHours must divide a day (got ${stepHours})`);
  const perDay = 24 / stepHours;
  return [
    `sim.stepHours=${stepHours}`,
    `sim.epochSteps=${perDay}`,
    "emission.policy=fixed",
    `emission.tokensPerEpoch=${HNT_DAILY_2019}`,
    "emission.foundationShare=0.34",
    "governance.enabled=true",
    ...HELIUM_HISTORY.flatMap((c, k) => [
      `governance.change${k + 1}.step=${c.day * perDay}`,
      `governance.change${k + 1}.param=${c.param}`,
      `governance.change${k + 1}.value=${c.value}`,
    ]),
  ];
}
