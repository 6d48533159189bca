import { type Static, type TObject, type TProperties, Type } from "@sinclair/typebox";
import { int, num, share } from "./fields.ts";

/** One hardware class's defaults (see {@link hardwareClassSchema} for units). */
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

/** One region's defaults (see {@link regionSchema} for units). */
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

/** Defaults that vary between scenarios: the whole parameter tree's values. */
export type NetworkDefaults = NetworkParams;

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
    }),
    emission: Type.Object({
      policy: Type.Union([Type.Literal("fixed"), Type.Literal("burnPegged")], {
        default: "fixed",
        description: "emission policy (registered by name)",
        unit: "name",
      }),
      tokensPerEpoch: num(25000, {
        unit: "tokens per epoch",
        description: "fixed policy: tokens minted each epoch",
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
      availabilityShare: share(
        0.2,
        "share of provider rewards paid for available capacity (the rest for jobs served)",
      ),
      foundationShare: share(0.1, "share of each epoch's emission to the foundation"),
    }),
    verification: Type.Object({
      sampleRate: share(0.02, "probability that a job is re-run on a secondary node"),
      falsePositiveRate: share(
        0.00002,
        "probability that a sampled honest job is flagged (non-deterministic inference)",
      ),
      slashFraction: share(0.3, "share of the offender's stake slashed (burned)"),
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
      noiseTradeShare: num(0.002, {
        unit: "fraction of the USD reserve per step",
        description: "standard deviation of noise traders' net trade each step",
        minimum: 0,
        maximum: 0.5,
      }),
    }),
    economics: Type.Object({
      sellShare: share(0.6, "share of token rewards providers sell at once (to pay power bills)"),
      profitWindowEpochs: num(14, {
        unit: "epochs",
        description: "window of the trailing-profit moving average",
        minimum: 1,
        maximum: 10000,
      }),
      exitPatienceEpochs: int(10, {
        unit: "epochs",
        description: "consecutive loss-making epochs before a provider exits",
        minimum: 1,
        maximum: 10000,
      }),
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
    }),
  });
}

/** The parameters of the network model (every leaf documented in {@link networkSchema}). */
export type NetworkParams = Static<ReturnType<typeof networkSchema>> & {
  hardware: Record<string, HardwareClassDefaults>;
  regions: Record<string, RegionDefaults>;
};
