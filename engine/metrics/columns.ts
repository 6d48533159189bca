import { Account } from "../state/ledger.ts";
import { Status } from "../state/providers.ts";
import type { World } from "../state/world.ts";

/** One per-step output column: its name, unit, meaning and how to read it from the world. */
export interface ColumnSpec {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  read(w: World): number;
}

const c = (
  name: string,
  unit: string,
  description: string,
  read: (w: World) => number,
): ColumnSpec => ({
  name,
  unit,
  description,
  read,
});

/**
 * The per-step metric columns, in output order. `run`, `point` and `step`
 * (int32) precede them in every row; see {@link metricColumns} for the
 * per-hardware-class columns that follow.
 */
export const BASE_COLUMNS: readonly ColumnSpec[] = [
  c(
    "timeHours",
    "hours",
    "simulated time at the end of the step",
    (w) => (w.step + 1) * w.params.sim.stepHours,
  ),
  c("priceUsd", "USD/token", "AMM spot price after the step", (w) => w.amm.price),
  c("supplyTokens", "tokens", "total supply: genesis + minted − burned", (w) => w.ledger.supply),
  c(
    "circulatingTokens",
    "tokens",
    "supply minus locked stake",
    (w) => w.ledger.supply - w.ledger.providerStake,
  ),
  c("stakedTokens", "tokens", "stake locked by providers", (w) => w.ledger.providerStake),
  c(
    "treasuryTokens",
    "tokens",
    "treasury token balance",
    (w) => w.ledger.accounts[Account.Treasury]!,
  ),
  c(
    "treasuryUsd",
    "USD",
    "treasury USD: fees minus verification costs it paid",
    (w) => w.market.treasuryUsd,
  ),
  c("mintedTokens", "tokens", "minted this step (emissions at epoch ends)", (w) => w.totals.minted),
  c(
    "burnedTokens",
    "tokens",
    "burned this step (buy-and-burn and slashes)",
    (w) => w.totals.burned + w.totals.slashBurned,
  ),
  c("slashedTokens", "tokens", "stake slashed this step", (w) => w.totals.slashed),
  c("cumMintedTokens", "tokens", "minted since step 0", (w) => w.ledger.minted),
  c("cumBurnedTokens", "tokens", "burned since step 0", (w) => w.ledger.burned),
  c("ammTokenReserve", "tokens", "AMM token reserve", (w) => w.amm.tokenReserve),
  c("ammUsdReserve", "USD", "AMM USD reserve", (w) => w.amm.usdReserve),
  c(
    "providersActive",
    "providers",
    "providers serving",
    (w) => w.roster.statusCounts[Status.Active]!,
  ),
  c(
    "providersOnboarding",
    "providers",
    "providers onboarding",
    (w) => w.roster.statusCounts[Status.Onboarding]!,
  ),
  c(
    "providersJailed",
    "providers",
    "providers jailed",
    (w) => w.roster.statusCounts[Status.Jailed]!,
  ),
  c(
    "providersExiting",
    "providers",
    "providers unbonding before they leave",
    (w) => w.roster.statusCounts[Status.Exiting]!,
  ),
  c(
    "providersPaused",
    "providers",
    "providers present but not serving by their own choice (set by custom phases)",
    (w) => w.roster.statusCounts[Status.Paused]!,
  ),
  c("entrants", "providers", "providers that joined this step", (w) => w.totals.entrants),
  c("exits", "providers", "providers that decided to exit this step", (w) => w.totals.exits),
  c(
    "capacityGpuHours",
    "reference GPU-hours per hour",
    "capacity of active providers",
    (w) => w.totals.capacity,
  ),
  c("utilisation", "fraction", "work served / capacity", (w) =>
    w.totals.capacity > 0 ? w.totals.workServed / (w.totals.capacity * w.params.sim.stepHours) : 0,
  ),
  c("jobsArrived", "jobs", "jobs that arrived", (w) => w.totals.jobsArrived),
  c("jobsServed", "jobs", "jobs served", (w) => w.totals.jobsServed),
  c("jobsDropped", "jobs", "jobs dropped after the queue timeout", (w) => w.totals.jobsDropped),
  c("jobsQueued", "jobs", "jobs waiting at the end of the step", (w) => w.demand.jobsQueued),
  c(
    "latencyP50Ms",
    "ms",
    "median latency of served jobs (network + service)",
    (w) => w.totals.latencyP50Ms,
  ),
  c("latencyP95Ms", "ms", "95th-percentile latency of served jobs", (w) => w.totals.latencyP95Ms),
  c(
    "queueWaitMeanHours",
    "hours",
    "mean queueing delay of served jobs",
    (w) => w.totals.queueWaitMeanH,
  ),
  c("revenueUsd", "USD", "client payments", (w) => w.totals.revenueUsd),
  c("feeUsd", "USD", "protocol fee", (w) => w.totals.feeUsd),
  c("burnUsd", "USD", "USD spent buying tokens to burn", (w) => w.totals.burnUsd),
  c("providerFiatUsd", "USD", "fiat paid to providers", (w) => w.totals.providerFiatUsd),
  c("providerCostUsd", "USD", "providers' energy and fixed costs", (w) => w.totals.providerCostUsd),
  c(
    "providerSoldTokens",
    "tokens",
    "tokens providers sold (reward sales and exits)",
    (w) => w.totals.providerSoldTokens,
  ),
  c(
    "foundationSoldTokens",
    "tokens",
    "tokens the foundation sold (market.foundationSellShare of its balance at epoch ends)",
    (w) => w.totals.foundationSoldTokens,
  ),
  c(
    "treasurySpentUsd",
    "USD",
    "treasury spending (market.treasurySpendUsdPerEpoch at epoch ends), from its USD and token sales",
    (w) => w.totals.treasurySpentUsd,
  ),
  c(
    "verificationCostUsd",
    "USD",
    "cost of verification re-runs",
    (w) => w.totals.verificationCostUsd,
  ),
  c("jobsSampled", "jobs", "jobs re-run by verification", (w) => w.totals.jobsSampled),
  c("cheatersCaught", "providers", "cheaters caught and slashed", (w) => w.totals.cheatersCaught),
  c("falseFlags", "providers", "honest providers wrongly slashed", (w) => w.totals.falseFlags),
  c(
    "badResults",
    "jobs",
    "faked results delivered uncaught (expected)",
    (w) => w.totals.badResults,
  ),
  c(
    "profitP10UsdPerHour",
    "USD/hour",
    "10th percentile of providers' trailing profit (last epoch end)",
    (w) => w.economics.profitP10,
  ),
  c(
    "profitP50UsdPerHour",
    "USD/hour",
    "median provider trailing profit (last epoch end)",
    (w) => w.economics.profitP50,
  ),
  c(
    "profitP90UsdPerHour",
    "USD/hour",
    "90th percentile of providers' trailing profit (last epoch end)",
    (w) => w.economics.profitP90,
  ),
  c("demandBurst", "0/1", "1 while a demand burst is in force", (w) =>
    w.demand.burstStepsLeft > 0 ? 1 : 0,
  ),
  c(
    "demandQuality",
    "fraction",
    "quality-churn demand multiplier: share of clients still using the network",
    (w) => w.demand.quality,
  ),
  c(
    "latencyP95WithQueueMs",
    "ms",
    "95th-percentile latency of served jobs, queue wait included (a step's wait = stepHours · 3.6e6 ms)",
    (w) => w.totals.latencyP95WithQueueMs,
  ),
  c(
    "sloMisses",
    "jobs",
    "served jobs whose latency (network + service, or a queue wait) exceeded demand.sloLatencyMs",
    (w) => w.totals.sloMisses,
  ),
  c(
    "clientUsdPerGpuHour",
    "USD per GPU-hour",
    "work-weighted mean price clients paid (fixed price or auction clearing price)",
    (w) => w.totals.usdPerGpuHour,
  ),
  c(
    "baseEmissionTokens",
    "tokens",
    "base-policy emission minted this step (epoch ends)",
    (w) => w.totals.baseEmission,
  ),
  c(
    "netEmissionTokens",
    "tokens",
    "net-emission re-mint of burned tokens this step (epoch ends)",
    (w) => w.totals.netEmission,
  ),
  c("ejected", "providers", "providers ejected for good by verification", (w) => w.totals.ejected),
  c(
    "creditsMintedUsd",
    "USD",
    "AEP-76 credits minted by tenants this step",
    (w) => w.totals.creditsMintedUsd,
  ),
  c(
    "creditRedeemMintedTokens",
    "tokens",
    "tokens newly minted to redeem providers' credits (vault short)",
    (w) => w.totals.creditRedeemMinted,
  ),
  c(
    "collateralRatio",
    "ratio",
    "AEP-76 vault tokens × price / outstanding credits (capped at 1000; 1000 when none outstanding)",
    (w) => Math.min(1000, w.credits.collateralRatio),
  ),
  c(
    "creditStatus",
    "0/1/2",
    "AEP-76 circuit breaker: 0 healthy, 1 warning, 2 mints halted",
    (w) => w.credits.status,
  ),
  c(
    "externalPriceUsd",
    "USD/token",
    "external reference price (market.externalMarket)",
    (w) => w.market.externalPrice,
  ),
  c(
    "batchArrivedGpuHours",
    "reference GPU-hours",
    "training/batch work that arrived",
    (w) => w.totals.batchArrived,
  ),
  c(
    "batchServedGpuHours",
    "reference GPU-hours",
    "batch work served on eligible (enough VRAM) capacity left by inference",
    (w) => w.totals.batchServed,
  ),
  c(
    "batchMissedGpuHours",
    "reference GPU-hours",
    "batch work dropped at its deadline",
    (w) => w.totals.batchMissed,
  ),
  c("batchQueuedGpuHours", "reference GPU-hours", "batch work waiting", (w) => w.batch.queued),
  c(
    "spiralLegs",
    "legs",
    "death-spiral legs active (price drawdown, provider exodus, demand churn)",
    (w) => w.spiral.legs,
  ),
  c(
    "spiralActive",
    "0/1",
    "1 while a confirmed death spiral is in progress",
    (w) => w.spiral.active,
  ),
];

/** All metric columns for a world: the base columns, then `active_<class>` per hardware class. */
export function metricColumns(w: World): ColumnSpec[] {
  return [
    ...BASE_COLUMNS,
    ...w.classNames.map((name, k) =>
      c(
        `active_${name}`,
        "providers",
        `active providers of class ${name}`,
        (x) => x.roster.activeByClass[k]!,
      ),
    ),
  ];
}
