/**
 * Where each parameter's default comes from. Every default is one of:
 * - `source`: a published document states it (protocol proposal, datasheet);
 * - `assumption`: a modelling choice with a stated reason (docs/assumptions.md
 *   gives the reason and the sensitivity of the headline outcomes to it);
 * - `setting`: not a claim about the world — a switch, a run length, a detector
 *   threshold or a scheduled shock the user chooses;
 * - `scenario`: set per scenario; the scenario file's header cites its sources.
 * `tokensim params` prints it next to each parameter; a test keeps this table
 * complete.
 */

/** The kind of a default's provenance (see the module comment). */
export type ProvenanceKind = "source" | "assumption" | "setting" | "scenario";

/** Where a default comes from, in a few words. */
export interface Provenance {
  kind: ProvenanceKind;
  note: string;
}

const src = (note: string): Provenance => ({ kind: "source", note });
const asm = (note: string): Provenance => ({ kind: "assumption", note });
const set = (note: string): Provenance => ({ kind: "setting", note });
const scn = (note: string): Provenance => ({ kind: "scenario", note });

/** Provenance by dotted parameter path (prefixes ending in "." cover a whole record). */
const PROVENANCE: Readonly<Record<string, Provenance>> = {
  "sim.steps": set("run length"),
  "sim.stepHours": set("model resolution (MODEL.md: an hour by default)"),
  "sim.epochSteps": src("daily epochs: Helium (HIP-20 era onwards), Render since 2024"),
  "providers.initial": scn("network size"),
  "providers.maxTotal": set("provider store capacity"),
  "providers.exactInitialMix": set(
    "genesis by draws (default) or in exact proportions (snapshots)",
  ),
  "providers.cheaterShare": asm("no published cheating rates; attack scenarios set their own"),
  "providers.teeShare": asm("no published share of TEE-attested GPU hosts"),
  "providers.cheatFraction": asm("a cheater fakes half its jobs; attack scenarios vary it"),
  "providers.cheatStrategy": set("off by default: cheaters keep a fixed fraction"),
  "providers.cheatLearningRate": asm(
    "adaptive cheaters move their fraction by at most 0.05 per epoch: slow next to detection feedback",
  ),
  "providers.cheatPriorSampleRate": asm(
    "adaptive cheaters start believing 1 faked job in 1,000 is caught (about 5× the cheating-attack break-even) before any evidence",
  ),
  "providers.cheatPriorWeight": asm("the prior counts as one catch: evidence dominates quickly"),
  "providers.teeOverhead": asm("confidential-computing overhead of about 10% on GPUs"),
  "providers.powerPriceSpread": asm(
    "±15% spread of small operators' contracts around the regional price",
  ),
  "providers.opexUsdPerHour": asm(
    "bandwidth and hosting for a home or colocated GPU, ~15 USD/month",
  ),
  "hardware.": scn(
    "board power from vendors' datasheets; capex and throughput per scenario header",
  ),
  "regions.": scn("power prices and latencies per scenario header"),
  "demand.baseGpuHoursPerHour": scn("sized to the network's capacity"),
  "demand.jobGpuHours": asm("a quarter GPU-hour per inference job batch"),
  "demand.diurnalAmplitude": asm("±30% daily cycle of interactive demand"),
  "demand.peakHourLocal": asm("afternoon peak of interactive demand"),
  "demand.burstProbability": asm("a burst every ~3 weeks"),
  "demand.burstMultiplier": asm("5× demand for a few hours"),
  "demand.burstMeanSteps": asm("bursts last ~6 hours"),
  "demand.queueTimeoutSteps": asm("jobs wait at most 3 hours"),
  "demand.maxLatencyMs": asm("jobs go only where the network round trip is under 250 ms"),
  "demand.burstMode": set("burst model choice"),
  "demand.hawkesBranching": asm("stable self-excitation (< 1)"),
  "demand.growthPerYear": asm("flat demand unless a scenario says otherwise"),
  "demand.priceElasticity": asm("inelastic unless a scenario says otherwise"),
  "demand.churnSensitivity": asm("no quality churn unless a scenario switches it on"),
  "demand.returnPerStep": asm("lost clients return over weeks"),
  "demand.minQuality": asm("a core of clients never leaves"),
  "demand.sloLatencyMs": src("MODEL.md: p95 < 100 ms to first token, plus network time"),
  "batch.enabled": set("job type switch"),
  "batch.gpuHoursPerHour": asm("batch work about 9% of inference work"),
  "batch.jobGpuHours": asm("8 GPU-hour training/batch jobs"),
  "batch.minVramGb": asm("batch jobs need ≥ 48 GB (A100/H100 class)"),
  "batch.deadlineSteps": asm("batch jobs start within a day"),
  "batch.usdPerGpuHour": asm("same price as inference"),
  "pricing.usdPerGpuHour": asm("0.45 USD per 4090-hour, in the range of public GPU marketplaces"),
  "pricing.protocolFeeShare": src("Render RNP-001/RNP-006: 5% fee on job payments"),
  "pricing.providerFiatShare": set("pure BME: providers paid in tokens"),
  "pricing.mode": set("pricing model choice"),
  "pricing.auctionMarkup": asm("providers bid cost × 1.2"),
  "pricing.auctionScarcityPremium": asm("full regions clear 50% above the marginal ask"),
  "pricing.auctionMinUsdPerGpuHour": asm("reserve price 0.05 USD per GPU-hour"),
  "credits.enabled": set("settlement choice"),
  "credits.warnCollateralRatio": src("AEP-76 DESIGN §6: warn at 0.95"),
  "credits.haltCollateralRatio": src("AEP-76 DESIGN §6: halt mints at 0.90"),
  "credits.runwayEpochs": src("AEP-76 README worked example: 7 days of runway"),
  "emission.policy": set("emission policy choice"),
  "emission.tokensPerEpoch": scn("baseline: a day's burn at 1 USD; others cite RNP-006, HIP-20"),
  "emission.halvingPeriodEpochs": src("HIP-20: halving every two years"),
  "emission.halvingPhaseEpochs": set("where in the halving period a run starts"),
  "emission.decayPerYear": asm("a damping factor of 0.945 a year (MODEL.md example)"),
  "emission.maxSupplyTokens": set("no cap unless a scenario sets one (HIP-20: 223M)"),
  "emission.pegRatio": asm("burn-pegged: mint what is burned"),
  "emission.smoothingEpochs": asm("a week of burns"),
  "emission.floorTokensPerEpoch": asm("burn-pegged floor"),
  "emission.capTokensPerEpoch": asm("burn-pegged cap"),
  "emission.floorBurnMultiple": asm("no floor relative to the burn"),
  "emission.capBurnMultiple": asm("no cap relative to the burn"),
  "emission.netEmissions.enabled": set("net emissions switch"),
  "emission.netEmissions.smoothingWeight": src(
    "Helium release 2025-03-12 / HPL: 6/7 · previous + 1/7 · burn",
  ),
  "emission.netEmissions.capTokensPerEpoch": src(
    "HIP-20: 1,643.84 HNT a day where used; no cap by default",
  ),
  "emission.availabilityShare": asm("20% of rewards for availability (Render RNP-015 pays some)"),
  "emission.foundationShare": asm("10% to a foundation (Render RNP-006 gives it 50%)"),
  "emission.treasuryShare": set("no treasury emission unless a scenario sets one"),
  "emission.stakersShare": set("no stakers' share unless a scenario sets one"),
  "emission.perNodeCapTokensPerEpoch": set("no per-node cap unless a scenario sets one"),
  "verification.sampleRate": asm("2% of jobs re-run"),
  "verification.falsePositiveRate": asm("1 in 50,000 honest re-runs mismatch (non-determinism)"),
  "verification.slashFraction": asm("30% of stake per offence"),
  "verification.slashDestination": set("slashing choice"),
  "verification.rerunCostPayer": set("who pays re-runs"),
  "verification.ejectAfterOffences": set("no ejection unless set"),
  "verification.ejectBelowStakeTokens": set("no ejection unless set"),
  "verification.jailSteps": asm("a week in jail"),
  "staking.minStakeTokens": asm("500 tokens, ~500 USD at the initial price"),
  "market.initialPriceUsd": scn("the scenario's equilibrium price or a chosen unit"),
  "market.ammUsdDepth": asm("5M USD of pool depth"),
  "market.feeRate": src("Uniswap v2 constant-product pools: 0.3%"),
  "market.genesisSupplyTokens": scn("100M, or a protocol's supply at the scenario's date"),
  "market.treasuryShare": asm("20% of genesis supply in the treasury"),
  "market.foundationSellShare": asm("the foundation sells 5% of its holdings an epoch"),
  "market.treasurySpendUsdPerEpoch": asm("the treasury holds unless a scenario spends"),
  "market.noiseTradeShare": asm("noise trades of ~0.1-0.2% of pool depth an hour"),
  "market.momentumShare": set("no momentum traders unless set"),
  "market.meanReversionShare": set("no mean-reversion traders unless set"),
  "market.traderLookbackSteps": asm("a day of look-back"),
  "market.externalMarket": set("market choice"),
  "market.externalVolPerStep": asm("0.5% an hour, ~47% a year"),
  "market.arbitrageShare": asm("half the gap closed an hour"),
  "vesting.enabled": set("vesting switch"),
  "vesting.team.": asm(
    "a venture-backed launch: team 20M, a 1-year cliff then linear over 2 years, half of it sold over a month",
  ),
  "vesting.investors.": asm(
    "investors 20M, a 1-year cliff then monthly over 2 years (io.net-style), 80% sold within a week",
  ),
  "vesting.foundation.": asm("foundation 10M linear over 4 years, a quarter sold (operations)"),
  "vesting.ecosystem.": asm("ecosystem grants 10M linear over 4 years, half sold by grantees"),
  "vesting.airdrop.": asm("no airdrop after step 0 unless a scenario sets one (it is at TGE)"),
  "vesting.community.": asm("community incentives 10M linear over 4 years, half sold in a week"),
  "treasury.enabled": set("treasury policy switch"),
  "treasury.rule": set("buy-back rule choice"),
  "treasury.destination": set("buy-back destination choice"),
  "treasury.triggerRatio": asm("buy back after a 20% fall from the reference price"),
  "treasury.referencePriceUsd": set("the initial price unless a scenario names one"),
  "treasury.bandShare": asm("a quarter of the treasury's USD per epoch-end buy-back"),
  "treasury.revenueShare": asm("a fifth of protocol fees to buy-backs"),
  "treasury.runwayWindowEpochs": asm("a month of outflows sets the spend rate"),
  "governance.": set("parameter changes and a governance rule a scenario chooses"),
  "shocks.": set("scheduled shocks a scenario chooses"),
  "economics.sellShare": asm(
    "RNP-001 assumes providers hold only general-purpose currencies; half sold at once, the rest held and sold over time",
  ),
  "economics.walletSellShare": asm("held rewards sold at 5% an epoch (half-life ~2 weeks)"),
  "economics.profitWindowEpochs": asm("providers judge two weeks of profit"),
  "economics.exitPatienceEpochs": asm("ten loss-making days on average before leaving"),
  "economics.exitPatienceCv": asm("patience differs between providers (CV 0.5)"),
  "economics.exitRule": set("exit rule choice; cash margin is the economically correct default"),
  "economics.hurdleRateMean": asm("15% a year on the hardware's resale value"),
  "economics.hurdleRateCv": asm("hurdle rates differ between providers (CV 0.5)"),
  "economics.resaleShareNew": asm("a used GPU fetches 75% of its price at once"),
  "economics.resaleDecayPerYear": asm("used GPUs lose 20% of their value a year"),
  "economics.exitHysteresis": asm("a clear profit (10% of costs) resets a loss streak"),
  "economics.unbondingSteps": asm("a week of unbonding"),
  "economics.onboardingSteps": asm("three days from joining to the first job"),
  "economics.entryMaxPerEpoch": scn("entry capacity of the network"),
  "economics.entryRoiHurdle": asm("new hardware must return 50% a year on capex"),
  "economics.entrySensitivity": asm("entry saturates at 50 points of ROI above the hurdle"),
  "economics.sellPolicy": set("sell-policy choice"),
  "spiral.": set("death-spiral detector thresholds"),
};

/**
 * The provenance of a parameter: the one its field declares (`num(..., { provenance })`,
 * as a scenario's own sections do), else the table's, by exact path or by the longest
 * matching prefix; undefined if none.
 */
export function provenanceOf(path: string, field?: object): Provenance | undefined {
  const declared = (field as { provenance?: Provenance } | undefined)?.provenance;
  if (declared) return declared;
  const exact = PROVENANCE[path];
  if (exact) return exact;
  let best: string | undefined;
  for (const k of Object.keys(PROVENANCE)) {
    if (k.endsWith(".") && path.startsWith(k) && (!best || k.length > best.length)) best = k;
  }
  return best ? PROVENANCE[best] : undefined;
}
