import { type Static, type TObject, type TProperties, Type } from "@sinclair/typebox";
import { choice, flag, int, num, share } from "./fields.ts";

/** One hardware class's defaults (see `networkSchema` and `tokensim params` for units). */
export interface HardwareClassDefaults {
  share: number;
  throughput: number;
  loadW: number;
  idleW: number;
  capexUsd: number;
  amortHours: number;
  vramGb: number;
  serviceLatencyMs: number;
}

/** One region's defaults (see `networkSchema` and `tokensim params` for units). */
export interface RegionDefaults {
  providerShare: number;
  demandShare: number;
  powerUsdPerKwh: number;
  utcOffsetHours: number;
  latencyMs: Record<string, number>;
}

function hardwareClassSchema(d: HardwareClassDefaults) {
  return Type.Object({
    share: share(d.share, "share of new providers with this class (normalised over classes)"),
    throughput: num(d.throughput, {
      unit: "reference GPU-hours per hour",
      description: "work served per hour at full load, relative to the reference workload",
      exclusiveMinimum: 0,
      maximum: 1000,
    }),
    loadW: num(d.loadW, {
      unit: "W",
      description: "power draw under load",
      minimum: 0,
      maximum: 20000,
    }),
    idleW: num(d.idleW, { unit: "W", description: "power draw idle", minimum: 0, maximum: 20000 }),
    capexUsd: num(d.capexUsd, {
      unit: "USD",
      description: "purchase cost",
      minimum: 0,
      maximum: 1e7,
    }),
    amortHours: num(d.amortHours, {
      unit: "hours",
      description: "amortisation period of the capex",
      exclusiveMinimum: 0,
      maximum: 1e6,
    }),
    vramGb: num(d.vramGb, { unit: "GB", description: "GPU memory", minimum: 0, maximum: 10000 }),
    serviceLatencyMs: num(d.serviceLatencyMs, {
      unit: "ms",
      description: "time to first token for the reference workload at moderate load",
      minimum: 0,
      maximum: 1e6,
    }),
  });
}

function regionSchema(d: RegionDefaults) {
  const latency: TProperties = {};
  for (const [to, ms] of Object.entries(d.latencyMs)) {
    latency[to] = num(ms, {
      unit: "ms",
      description: `network round-trip from clients here to providers in ${to}`,
      minimum: 0,
      maximum: 10000,
    });
  }
  return Type.Object({
    providerShare: share(d.providerShare, "share of providers located here (normalised)"),
    demandShare: share(d.demandShare, "share of client demand from here (normalised)"),
    powerUsdPerKwh: num(d.powerUsdPerKwh, {
      unit: "USD/kWh",
      description: "electricity price",
      minimum: 0,
      maximum: 10,
    }),
    utcOffsetHours: num(d.utcOffsetHours, {
      unit: "hours",
      description: "time zone, for the diurnal demand cycle",
      minimum: -12,
      maximum: 14,
    }),
    latencyMs: Type.Object(latency),
  });
}

function recordOf<T>(defaults: Record<string, T>, item: (d: T) => TObject) {
  const props: TProperties = {};
  for (const [k, v] of Object.entries(defaults)) props[k] = item(v);
  return Type.Object(props);
}

/**
 * Builds the TypeBox schema of the network model's parameters, with the given
 * scenario defaults. Every leaf has a default, a unit and a range; the schema
 * validates CLI overrides and (later) the dashboard's forms.
 */
export function networkSchema(d: {
  hardware: Record<string, HardwareClassDefaults>;
  regions: Record<string, RegionDefaults>;
}) {
  return Type.Object({
    sim: Type.Object({
      steps: int(8760, {
        unit: "steps",
        description: "steps to simulate",
        minimum: 1,
        maximum: 1_000_000,
      }),
      stepHours: num(1, {
        unit: "hours",
        description: "length of one step",
        exclusiveMinimum: 0,
        maximum: 168,
      }),
      epochSteps: int(24, {
        unit: "steps",
        description: "steps per epoch (emissions and reward payouts happen at each epoch end)",
        minimum: 1,
        maximum: 100_000,
      }),
    }),
    providers: Type.Object({
      initial: int(5000, {
        unit: "providers",
        description: "providers at step 0",
        minimum: 0,
        maximum: 1_000_000,
      }),
      maxTotal: int(10000, {
        unit: "providers",
        description:
          "capacity of the provider store: the most that can ever be in the network at once",
        minimum: 1,
        maximum: 2_000_000,
      }),
      cheaterShare: share(0.03, "share of providers that cheat"),
      teeShare: share(0.05, "share of providers that are TEE-attested (cannot cheat)"),
      cheatFraction: share(0.5, "share of its jobs a cheater fakes"),
      teeOverhead: share(0.1, "throughput lost to TEE attestation"),
      powerPriceSpread: share(
        0.15,
        "relative spread (uniform ±) of each provider's power price around its region's",
      ),
      opexUsdPerHour: num(0.02, {
        unit: "USD/hour",
        description: "operating cost besides power and capex (bandwidth, hosting)",
        minimum: 0,
        maximum: 1000,
      }),
    }),
    hardware: recordOf(d.hardware, hardwareClassSchema),
    regions: recordOf(d.regions, regionSchema),
    demand: Type.Object({
      baseGpuHoursPerHour: num(4500, {
        unit: "reference GPU-hours per hour",
        description: "mean demand before seasonality and bursts",
        minimum: 0,
        maximum: 1e9,
      }),
      jobGpuHours: num(0.25, {
        unit: "reference GPU-hours per job",
        description: "work in one job",
        exclusiveMinimum: 0,
        maximum: 1e4,
      }),
      diurnalAmplitude: share(0.3, "relative amplitude of the daily demand cycle"),
      peakHourLocal: num(15, {
        unit: "hour of day",
        description: "local hour of peak demand",
        minimum: 0,
        maximum: 24,
      }),
      burstProbability: share(0.002, "probability per step that a demand burst starts"),
      burstMultiplier: num(5, {
        unit: "×",
        description: "demand multiplier during a burst",
        minimum: 1,
        maximum: 1000,
      }),
      burstMeanSteps: num(6, {
        unit: "steps",
        description: "mean length of a burst",
        minimum: 1,
        maximum: 1e5,
      }),
      queueTimeoutSteps: int(3, {
        unit: "steps",
        description: "steps a job waits in the queue before it is dropped",
        minimum: 1,
        maximum: 1000,
      }),
      maxLatencyMs: num(250, {
        unit: "ms",
        description: "jobs are only matched to provider regions within this network latency",
        exclusiveMinimum: 0,
        maximum: 10000,
      }),
      burstMode: choice(
        ["regime", "hawkes"],
        "regime",
        "demand bursts: regime switching (calm/burst states) or a self-exciting Hawkes process",
      ),
      hawkesBranching: num(0.5, {
        unit: "events per event",
        description: "hawkes bursts: expected burst events each event triggers (< 1 for stability)",
        minimum: 0,
        maximum: 0.99,
      }),
      growthPerYear: num(0, {
        unit: "per year",
        description: "demand growth trend: base demand × (1 + growthPerYear)^years",
        minimum: -0.99,
        maximum: 100,
      }),
      priceElasticity: num(0, {
        unit: "elasticity",
        description:
          "demand × (USD price per GPU-hour / pricing.usdPerGpuHour)^(−priceElasticity); 0 = inelastic",
        minimum: 0,
        maximum: 10,
      }),
      churnSensitivity: num(0, {
        unit: "per unit of bad-service share",
        description:
          "quality churn: each step the demand multiplier loses churnSensitivity × (dropped + SLO-missed + wrong results) / arrived of itself",
        minimum: 0,
        maximum: 100,
      }),
      returnPerStep: share(
        0.002,
        "quality churn: share of the lost demand that comes back each step (slow return)",
      ),
      minQuality: share(0.05, "quality churn: floor of the demand multiplier"),
      sloLatencyMs: num(150, {
        unit: "ms",
        description:
          "latency SLO: a served job misses it when network + service latency exceeds this, or when it waited in the queue",
        exclusiveMinimum: 0,
        maximum: 1e7,
      }),
    }),
    batch: Type.Object({
      enabled: flag(
        false,
        "training/batch jobs: a second job type with its own queue, a minimum GPU memory and a deadline",
      ),
      gpuHoursPerHour: num(400, {
        unit: "reference GPU-hours per hour",
        description: "mean batch work arriving (before growth and quality churn)",
        minimum: 0,
        maximum: 1e9,
      }),
      jobGpuHours: num(8, {
        unit: "reference GPU-hours per job",
        description: "work in one batch job",
        exclusiveMinimum: 0,
        maximum: 1e6,
      }),
      minVramGb: num(48, {
        unit: "GB",
        description: "only hardware classes with at least this much GPU memory can run batch jobs",
        minimum: 0,
        maximum: 10000,
      }),
      deadlineSteps: int(24, {
        unit: "steps",
        description:
          "a batch job not started within this many steps misses its deadline and is dropped",
        minimum: 1,
        maximum: 10000,
      }),
      usdPerGpuHour: num(0.45, {
        unit: "USD per reference GPU-hour",
        description: "price clients pay for batch work",
        minimum: 0,
        maximum: 1000,
      }),
    }),
    pricing: Type.Object({
      usdPerGpuHour: num(0.45, {
        unit: "USD per reference GPU-hour",
        description: "fixed price clients pay",
        exclusiveMinimum: 0,
        maximum: 1000,
      }),
      protocolFeeShare: share(
        0.05,
        "share of client payments the protocol keeps (USD, to the treasury)",
      ),
      providerFiatShare: share(
        0,
        "share of client payments passed to providers in USD (the rest buys and burns tokens)",
      ),
      mode: choice(
        ["fixed", "auction"],
        "fixed",
        "fixed USD price per GPU-hour (Render) or a reverse auction per region (Akash): clearing price = bid of the marginal hardware class",
      ),
      auctionMarkup: num(1.2, {
        unit: "×",
        description: "auction: providers bid their full cost per GPU-hour × this markup",
        minimum: 0,
        maximum: 100,
      }),
      auctionScarcityPremium: num(0.5, {
        unit: "fraction",
        description:
          "auction: when a region's capacity is fully used (utilisation ≥ 0.99), the clearing price is the marginal ask × (1 + this)",
        minimum: 0,
        maximum: 100,
      }),
      auctionMinUsdPerGpuHour: num(0.05, {
        unit: "USD per reference GPU-hour",
        description: "auction: lowest clearing price (reserve price)",
        minimum: 0,
        maximum: 1000,
      }),
    }),
    credits: Type.Object({
      enabled: flag(
        false,
        "USD-pegged credits (Akash AEP-76): tenants buy tokens into a vault to mint $1 credits; providers redeem credits for tokens at epoch ends",
      ),
      warnCollateralRatio: num(0.95, {
        unit: "ratio",
        description:
          "circuit breaker: warn when vault tokens × price / outstanding credits falls under this",
        minimum: 0,
        maximum: 10,
      }),
      haltCollateralRatio: num(0.9, {
        unit: "ratio",
        description: "circuit breaker: halt credit mints (tenants pay providers in USD) under this",
        minimum: 0,
        maximum: 10,
      }),
      runwayEpochs: num(7, {
        unit: "epochs",
        description:
          "credits tenants keep prepaid, in epochs of their current spend (AEP-76's worked example: 7 days); credits never expire",
        minimum: 0,
        maximum: 10000,
      }),
    }),
    emission: Type.Object({
      policy: choice(
        ["fixed", "halving", "decay", "burnPegged"],
        "fixed",
        "base emission policy (registered by name in emissionPolicies)",
      ),
      tokensPerEpoch: num(25000, {
        unit: "tokens per epoch",
        description: "fixed policy: tokens minted each epoch; halving and decay: the initial rate",
        minimum: 0,
        maximum: 1e15,
      }),
      halvingPeriodEpochs: int(730, {
        unit: "epochs",
        description: "halving policy: epochs between halvings (HIP-20: two years)",
        minimum: 1,
        maximum: 1e7,
      }),
      halvingPhaseEpochs: int(0, {
        unit: "epochs",
        description:
          "halving policy: epochs of the current halving period already past at step 0 (the first halving comes after halvingPeriodEpochs − this)",
        minimum: 0,
        maximum: 1e7,
      }),
      decayPerYear: num(0.945, {
        unit: "factor per year",
        description: "decay policy: rate = tokensPerEpoch × decayPerYear^(years since start)",
        exclusiveMinimum: 0,
        maximum: 1,
      }),
      maxSupplyTokens: num(1e15, {
        unit: "tokens",
        description:
          "genesis supply + cumulative base emission never exceed this (HIP-20: 223M HNT); net emissions and credits are not capped by it",
        minimum: 0,
        maximum: 1e15,
      }),
      pegRatio: num(1, {
        unit: "×",
        description: "burnPegged policy: tokens minted per token burned (smoothed)",
        minimum: 0,
        maximum: 1000,
      }),
      smoothingEpochs: int(7, {
        unit: "epochs",
        description: "burnPegged policy: epochs in the moving average of burns",
        minimum: 1,
        maximum: 1000,
      }),
      floorTokensPerEpoch: num(5000, {
        unit: "tokens per epoch",
        description: "burnPegged policy: least minted per epoch",
        minimum: 0,
        maximum: 1e15,
      }),
      capTokensPerEpoch: num(100000, {
        unit: "tokens per epoch",
        description: "burnPegged policy: most minted per epoch",
        minimum: 0,
        maximum: 1e15,
      }),
      floorBurnMultiple: num(0, {
        unit: "× smoothed burn",
        description: "burnPegged policy: least minted per epoch as a multiple of the smoothed burn",
        minimum: 0,
        maximum: 1000,
      }),
      capBurnMultiple: num(1000, {
        unit: "× smoothed burn",
        description: "burnPegged policy: most minted per epoch as a multiple of the smoothed burn",
        minimum: 0,
        maximum: 1000,
      }),
      netEmissions: Type.Object({
        enabled: flag(
          false,
          "net emissions on top of the base policy: re-mint the smoothed burn, up to a fixed cap per epoch (HIP-20)",
        ),
        smoothingWeight: share(
          1 / 7,
          "weight of the epoch's burn in the smoothed burn that is re-minted: target = (1 − w) · previous target + w · burn (HIP-20 as Helium implements it: 1/7)",
        ),
        capTokensPerEpoch: num(1e15, {
          unit: "tokens per epoch",
          description:
            "most re-minted per epoch, a fixed number of tokens unchanged by halvings and paid after max supply (HIP-20: 1,643.84 HNT a day)",
          minimum: 0,
          maximum: 1e15,
        }),
      }),
      availabilityShare: share(
        0.2,
        "share of provider rewards paid for available capacity (the rest for jobs served)",
      ),
      foundationShare: share(0.1, "share of each epoch's emission to the foundation"),
      treasuryShare: share(0, "share of each epoch's emission to the protocol treasury"),
      stakersShare: share(
        0,
        "share of each epoch's emission paid to providers pro rata to their stake",
      ),
      perNodeCapTokensPerEpoch: num(1e15, {
        unit: "tokens per epoch",
        description: "most one provider receives per epoch (the excess is not minted)",
        minimum: 0,
        maximum: 1e15,
      }),
    }),
    verification: Type.Object({
      sampleRate: share(0.02, "probability that a job is re-run on a secondary node"),
      falsePositiveRate: share(
        0.00002,
        "probability that a sampled honest job is flagged (non-deterministic inference)",
      ),
      slashFraction: share(0.3, "share of the offender's stake slashed"),
      slashDestination: choice(
        ["burn", "treasury", "challenger"],
        "burn",
        "where slashed stake goes: burned, to the treasury, or to the challenger that re-ran the job",
      ),
      rerunCostPayer: choice(
        ["protocol", "provider"],
        "protocol",
        "who pays re-runs (sampled work × usdPerGpuHour): the protocol (burn budget, then treasury) or the sampled provider",
      ),
      ejectAfterOffences: int(0, {
        unit: "offences",
        description: "eject (exit for good) a provider at its N-th offence; 0 = never",
        minimum: 0,
        maximum: 1000,
      }),
      ejectBelowStakeTokens: num(0, {
        unit: "tokens",
        description: "eject a provider whose stake falls under this after a slash; 0 = never",
        minimum: 0,
        maximum: 1e12,
      }),
      jailSteps: int(168, {
        unit: "steps",
        description: "steps a caught provider is jailed",
        minimum: 0,
        maximum: 1_000_000,
      }),
    }),
    staking: Type.Object({
      minStakeTokens: num(500, {
        unit: "tokens",
        description: "stake a provider must lock to serve",
        minimum: 0,
        maximum: 1e12,
      }),
    }),
    market: Type.Object({
      initialPriceUsd: num(1, {
        unit: "USD/token",
        description: "token price at step 0",
        exclusiveMinimum: 0,
        maximum: 1e6,
      }),
      ammUsdDepth: num(5_000_000, {
        unit: "USD",
        description:
          "USD reserve of the AMM at step 0 (the token reserve matches at the initial price)",
        exclusiveMinimum: 0,
        maximum: 1e13,
      }),
      feeRate: num(0.003, {
        unit: "fraction",
        description: "AMM swap fee",
        minimum: 0,
        maximum: 0.1,
      }),
      genesisSupplyTokens: num(100_000_000, {
        unit: "tokens",
        description:
          "tokens in existence at step 0 (AMM reserve, provider stakes, traders and treasury)",
        exclusiveMinimum: 0,
        maximum: 1e15,
      }),
      treasuryShare: share(0.2, "share of genesis supply held by the treasury"),
      foundationSellShare: share(
        0.05,
        "share of the foundation's tokens it sells each epoch (grants, operations): emission to the foundation reaches the market gradually",
      ),
      treasurySpendUsdPerEpoch: num(0, {
        unit: "USD per epoch",
        description:
          "treasury spending each epoch: paid from its USD (protocol fees) first, the rest by selling treasury tokens",
        minimum: 0,
        maximum: 1e12,
      }),
      noiseTradeShare: num(0.002, {
        unit: "fraction of the USD reserve per step",
        description: "standard deviation of noise traders' net trade each step",
        minimum: 0,
        maximum: 0.5,
      }),
      momentumShare: num(0, {
        unit: "fraction of the USD reserve per unit log-return",
        description:
          "momentum traders: buy (sell) momentumShare × usdReserve × ln(p_t / p_{t−traderLookbackSteps})",
        minimum: 0,
        maximum: 10,
      }),
      meanReversionShare: num(0, {
        unit: "fraction of the USD reserve per unit log-gap",
        description:
          "mean-reversion traders: buy (sell) meanReversionShare × usdReserve × ln(moving average / p_t)",
        minimum: 0,
        maximum: 10,
      }),
      traderLookbackSteps: int(24, {
        unit: "steps",
        description: "look-back of momentum and length of the mean-reversion moving average",
        minimum: 1,
        maximum: 100000,
      }),
      externalMarket: flag(
        false,
        "a deeper external market: arbitrageurs move the AMM toward an external reference price each step",
      ),
      externalVolPerStep: num(0.005, {
        unit: "log-return s.d. per step",
        description:
          "external market: volatility of the reference price (driftless geometric random walk)",
        minimum: 0,
        maximum: 1,
      }),
      arbitrageShare: share(
        0.5,
        "external market: share of the AMM/reference price gap closed each step",
      ),
    }),
    shocks: Type.Object({
      crashStartStep: int(-1, {
        unit: "step",
        description: "market crash: first step (−1 = none); traders dump to force the price down",
        minimum: -1,
        maximum: 1e7,
      }),
      crashSteps: int(168, {
        unit: "steps",
        description: "market crash: length (a week at hourly steps)",
        minimum: 1,
        maximum: 1e7,
      }),
      crashDrop: share(0.7, "market crash: fall of the price over the crash (0.7 = −70%)"),
      liquidityStep: int(-1, {
        unit: "step",
        description:
          "liquidity withdrawal: step at which LPs remove a share of both AMM reserves (−1 = none)",
        minimum: -1,
        maximum: 1e7,
      }),
      liquidityWithdrawShare: share(0.5, "liquidity withdrawal: share of both reserves removed"),
      powerStartStep: int(-1, {
        unit: "step",
        description: "power-price spike: first step (−1 = none)",
        minimum: -1,
        maximum: 1e7,
      }),
      powerSteps: int(720, {
        unit: "steps",
        description: "power-price spike: length",
        minimum: 1,
        maximum: 1e7,
      }),
      powerRegion: int(0, {
        unit: "region index",
        description: "power-price spike: region (index in the scenario's region list)",
        minimum: 0,
        maximum: 254,
      }),
      powerMultiplier: num(3, {
        unit: "×",
        description: "power-price spike: multiplier on the region's electricity price",
        exclusiveMinimum: 0,
        maximum: 100,
      }),
      hardwareGenStep: int(-1, {
        unit: "step",
        description: "hardware generation: step at which a new class starts entering (−1 = none)",
        minimum: -1,
        maximum: 1e7,
      }),
      hardwareGenClass: int(0, {
        unit: "class index",
        description: "hardware generation: the new class (its share is 0 until the shock)",
        minimum: 0,
        maximum: 254,
      }),
      hardwareGenShare: share(
        0.6,
        "hardware generation: the new class's share of entrants afterwards",
      ),
    }),
    economics: Type.Object({
      sellShare: share(
        0.5,
        "fixedShare: share of each token reward a provider sells at once (to pay its bills)",
      ),
      walletSellShare: share(
        0.05,
        "share of the tokens a provider holds (besides stake) that it sells each epoch: held rewards are sold gradually, not kept for ever",
      ),
      profitWindowEpochs: num(14, {
        unit: "epochs",
        description: "window of the trailing-profit moving average",
        minimum: 1,
        maximum: 10000,
      }),
      exitPatienceEpochs: int(10, {
        unit: "epochs",
        description:
          "mean over providers of the consecutive loss-making epochs a provider tolerates before it exits",
        minimum: 1,
        maximum: 10000,
      }),
      exitPatienceCv: num(0.5, {
        unit: "coefficient of variation",
        description:
          "spread of patience between providers: each draws its own from a log-normal with this CV (0 = all the same)",
        minimum: 0,
        maximum: 10,
      }),
      exitRule: choice(
        ["cashVsResale", "amortised"],
        "cashVsResale",
        "exit test: cash margin (revenue − power, opex, re-runs) against the hardware's resale value × the provider's hurdle rate, or (amortised) profit after amortised capex, a sunk cost",
      ),
      hurdleRateMean: num(0.15, {
        unit: "per year",
        description:
          "cashVsResale: mean annual return providers want on their hardware's resale value (opportunity cost of not selling it)",
        minimum: 0,
        maximum: 100,
      }),
      hurdleRateCv: num(0.5, {
        unit: "coefficient of variation",
        description: "cashVsResale: spread of hurdle rates between providers (log-normal)",
        minimum: 0,
        maximum: 10,
      }),
      resaleShareNew: share(
        0.75,
        "cashVsResale: share of its purchase price a GPU fetches on the used market just after purchase",
      ),
      resaleDecayPerYear: share(
        0.2,
        "cashVsResale: share of its resale value a GPU loses each year (geometric depreciation)",
      ),
      exitHysteresis: share(
        0.1,
        "a loss streak resets only when trailing profit exceeds this share of epoch costs",
      ),
      unbondingSteps: int(168, {
        unit: "steps",
        description: "steps from the exit decision until the stake unlocks",
        minimum: 0,
        maximum: 1_000_000,
      }),
      onboardingSteps: int(72, {
        unit: "steps",
        description: "delay from joining to the first job",
        minimum: 0,
        maximum: 1_000_000,
      }),
      entryMaxPerEpoch: num(60, {
        unit: "providers per epoch",
        description: "entrants per epoch when expected ROI is far above the hurdle",
        minimum: 0,
        maximum: 1e6,
      }),
      entryRoiHurdle: num(0.5, {
        unit: "per year",
        description: "annual return on capex a new provider needs to join",
        minimum: -10,
        maximum: 100,
      }),
      entrySensitivity: num(2, {
        unit: "per unit of ROI",
        description: "how fast entry rises with expected ROI above the hurdle",
        minimum: 0,
        maximum: 1000,
      }),
      sellPolicy: choice(
        ["fixedShare", "coverCosts"],
        "fixedShare",
        "provider sell pressure: sell sellShare of each reward, or sell just enough of it to cover the epoch's costs not met by fiat",
      ),
    }),
    spiral: Type.Object({
      windowSteps: int(720, {
        unit: "steps",
        description:
          "death-spiral detector: trailing window of the peaks the legs are measured from",
        minimum: 2,
        maximum: 1e6,
      }),
      priceDrawdown: share(
        0.3,
        "price leg: active when the price is this far under its trailing peak",
      ),
      providerLoss: share(
        0.1,
        "provider-exodus leg: active when active providers are this far under their trailing peak",
      ),
      demandLoss: share(
        0.15,
        "demand-churn leg: active when served jobs (summed over demandSmoothingSteps) are this far under their trailing peak",
      ),
      demandSmoothingSteps: int(168, {
        unit: "steps",
        description:
          "demand-churn leg: served jobs are summed over this many steps (removes daily cycles and short bursts)",
        minimum: 1,
        maximum: 1e6,
      }),
      minSteps: int(168, {
        unit: "steps",
        description: "a spiral: at least two legs active together for this long",
        minimum: 1,
        maximum: 1e6,
      }),
      requireProviderLeg: flag(
        true,
        "a spiral needs the provider-exodus leg among its legs: every feedback loop runs through providers, so price and demand falls without an exodus are coincidences, not a spiral",
      ),
      graceSteps: int(48, {
        unit: "steps",
        description:
          "a spiral ends once price, providers and served jobs have stayed recovered for this long",
        minimum: 0,
        maximum: 1e6,
      }),
      recoveryShare: share(
        0.8,
        "recovered: price, active providers and served jobs back to this share of their pre-spiral peaks",
      ),
    }),
  });
}

/** The parameters of the network model (every leaf documented in {@link networkSchema}). */
export type NetworkParams = Static<ReturnType<typeof networkSchema>> & {
  hardware: Record<string, HardwareClassDefaults>;
  regions: Record<string, RegionDefaults>;
};
