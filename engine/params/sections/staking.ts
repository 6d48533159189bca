import { Type } from "@sinclair/typebox";
import { num } from "../fields.ts";

/** The `staking` section of `networkSchema`. Staking: the stake a provider must lock to serve. */
export function stakingSection() {
  return Type.Object({
    minStakeTokens: num(500, {
      unit: "tokens",
      description: "stake a provider must lock to serve",
      minimum: 0,
      maximum: 1e12,
    }),
  });
}
