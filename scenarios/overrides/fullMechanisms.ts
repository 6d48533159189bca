/**
 * Overrides (`path=value`) that switch every optional mechanism on at once over
 * the baseline scenario: Hawkes bursts, growth, elasticity and quality churn,
 * training/batch jobs,
 * reverse-auction pricing, AEP-76 credits, decaying emission with net
 * emissions and every reward split, cover-costs selling, provider-paid re-runs,
 * challenger slashing and ejection, speculators and an external market, and all
 * four scheduled shocks. Used by the benchmark and by the full-set test.
 */
export const FULL_MECHANISMS: readonly string[] = [
  "demand.burstMode=hawkes",
  "demand.growthPerYear=0.3",
  "demand.priceElasticity=0.5",
  "demand.churnSensitivity=0.1",
  "batch.enabled=true",
  "pricing.mode=auction",
  "credits.enabled=true",
  "emission.policy=decay",
  "emission.tokensPerEpoch=46000",
  "emission.netEmissions.enabled=true",
  "emission.treasuryShare=0.05",
  "emission.stakersShare=0.1",
  "emission.perNodeCapTokensPerEpoch=500",
  "economics.sellPolicy=coverCosts",
  "verification.rerunCostPayer=provider",
  "verification.slashDestination=challenger",
  "verification.ejectAfterOffences=3",
  "verification.ejectBelowStakeTokens=100",
  "market.momentumShare=0.02",
  "market.meanReversionShare=0.02",
  "market.externalMarket=true",
  "shocks.crashStartStep=2000",
  "shocks.liquidityStep=3000",
  "shocks.powerStartStep=1000",
  "shocks.hardwareGenStep=4000",
  "shocks.hardwareGenClass=3",
];
