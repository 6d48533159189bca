import { Type } from "@sinclair/typebox";
import { choice, flag, int, num, share } from "../fields.ts";

/**
 * The parameters governance may change during a run: those the phases read
 * afresh each step or epoch (a change to one that is read once at the start,
 * such as the hardware or the AMM's depth, would not take effect).
 */
export const GOVERNABLE = [
  "emission.tokensPerEpoch",
  "emission.foundationShare",
  "emission.treasuryShare",
  "emission.stakersShare",
  "emission.availabilityShare",
  "emission.perNodeCapTokensPerEpoch",
  "pricing.protocolFeeShare",
  "economics.sellShare",
  "economics.walletSellShare",
  "market.foundationSellShare",
  "market.treasurySpendUsdPerEpoch",
  "treasury.triggerRatio",
  "treasury.bandShare",
  "treasury.revenueShare",
  "subsidies.amount",
  "subsidies.budgetPerEpoch",
  "subsidies.triggerRatio",
] as const;

/** How many scheduled changes a run can hold (`governance.change1` … `change4`). */
export const SCHEDULED_CHANGES = 4;

function change(k: number) {
  return Type.Object({
    step: int(-1, {
      unit: "step",
      description: `scheduled change ${k}: the step from which it holds (−1 = none)`,
      minimum: -1,
      maximum: 1e7,
    }),
    param: choice(
      GOVERNABLE,
      "emission.tokensPerEpoch",
      `scheduled change ${k}: the parameter it sets`,
    ),
    value: num(0, {
      unit: "the parameter's unit",
      description: `scheduled change ${k}: the new value (within the parameter's range)`,
      minimum: -1e15,
      maximum: 1e15,
    }),
  });
}

/**
 * The `governance` section of `networkSchema`. Parameter changes during a run:
 * up to four scheduled ones (at step s set param = value), and one rule over
 * the observed price ("if the price falls dropShare within windowDays, multiply
 * param by multiplier after a voteLagDays vote").
 */
export function governanceSection() {
  return Type.Object({
    enabled: flag(false, "governance: scheduled and rule-triggered parameter changes"),
    change1: change(1),
    change2: change(2),
    change3: change(3),
    change4: change(4),
    rule: Type.Object({
      dropShare: share(
        0,
        "rule: fires when the price is at most (1 − dropShare) × the price windowDays earlier (0 = no rule)",
      ),
      windowDays: num(30, {
        unit: "days",
        description: "rule: the look-back of the price fall",
        exclusiveMinimum: 0,
        maximum: 1e5,
      }),
      voteLagDays: num(14, {
        unit: "days",
        description: "rule: the vote's length: the change holds this long after the rule fires",
        minimum: 0,
        maximum: 1e5,
      }),
      param: choice(GOVERNABLE, "emission.tokensPerEpoch", "rule: the parameter it changes"),
      multiplier: num(1.2, {
        unit: "×",
        description: "rule: the parameter is multiplied by this (once per run)",
        minimum: 0,
        maximum: 1e6,
      }),
    }),
  });
}
