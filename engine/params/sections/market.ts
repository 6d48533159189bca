import { Type } from "@sinclair/typebox";
import { flag, int, num, share } from "../fields.ts";

/**
 * The `market` section of `networkSchema`. The token market: the AMM, genesis supply, foundation
 * and treasury sales, noise, momentum and mean-reversion traders, and an external reference market.
 */
export function marketSection() {
  return Type.Object({
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
  });
}
