import { Type } from "@sinclair/typebox";
import { int, num, share } from "../fields.ts";

/**
 * The `shocks` section of `networkSchema`. Scheduled shocks: market crash, liquidity withdrawal,
 * power-price spike, a new hardware generation and a demand drop.
 */
export function shocksSection() {
  return Type.Object({
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
    demandDropStartStep: int(-1, {
      unit: "step",
      description: "demand drop: first step (−1 = none); client arrivals fall by demandDropShare",
      minimum: -1,
      maximum: 1e7,
    }),
    demandDropSteps: int(720, {
      unit: "steps",
      description: "demand drop: length (30 days at hourly steps)",
      minimum: 1,
      maximum: 1e7,
    }),
    demandDropShare: share(
      0,
      "demand drop: share of client arrivals lost during the drop (0 = off)",
    ),
  });
}
