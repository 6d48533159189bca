/**
 * Overrides (`path=value`) that switch every optional mechanism on at once over
 * the baseline scenario: Hawkes bursts, growth, elasticity and quality churn,
 * training/batch jobs,
 * reverse-auction pricing, AEP-76 credits, decaying emission with net
 * emissions and every reward split, cover-costs selling, provider-paid re-runs,
 * challenger slashing and ejection, adaptive cheaters, speculators and an external market, all
 * four scheduled shocks, and vesting unlocks (an airdrop at step 0, investors'
 * stepped unlocks from day 17, price-sensitive team holders), a treasury
 * buy-back under a price band paid to stakers, and governance (a scheduled
 * change and a price-fall rule raising emission after a vote). Used by the benchmark and by the full-set test.
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
  "providers.cheatStrategy=adaptive",
  "market.momentumShare=0.02",
  "market.meanReversionShare=0.02",
  "market.externalMarket=true",
  "shocks.crashStartStep=2000",
  "shocks.liquidityStep=3000",
  "shocks.powerStartStep=1000",
  "shocks.hardwareGenStep=4000",
  "shocks.hardwareGenClass=3",
  "vesting.enabled=true",
  "vesting.airdrop.tokens=2000000",
  "vesting.investors.cliffDays=10",
  "vesting.investors.periodDays=7",
  "vesting.team.cliffDays=5",
  "vesting.team.priceSensitivity=1",
  "treasury.enabled=true",
  "treasury.triggerRatio=1.2",
  "treasury.destination=stakers",
  "governance.enabled=true",
  "governance.change1.step=500",
  "governance.change1.param=market.foundationSellShare",
  "governance.change1.value=0.1",
  "governance.rule.dropShare=0.3",
  "governance.rule.windowDays=7",
  "governance.rule.voteLagDays=2",
  "governance.rule.multiplier=1.2",
];
