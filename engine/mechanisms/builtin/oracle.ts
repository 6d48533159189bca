import { Type } from "@sinclair/typebox";
import { int } from "../../params/fields.ts";
import type { Provenance } from "../../params/provenance.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { oraclePhase } from "../../pipeline/phases/oracle.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { OracleState } from "../oracle.ts";

const SETTING: Provenance = {
  kind: "setting",
  note: "off by default; on-chain oracles report a time-weighted average (Uniswap v2 TWAP: https://docs.uniswap.org/contracts/v2/concepts/core-concepts/oracles) some time old",
};

/**
 * The `oracle` mechanism: a lagged price oracle for the mechanisms that read a
 * price for a rule (credits, burn-pegged emission, the treasury's price band,
 * the governance price rule, the subsidies' price band). Off by default: they
 * read the spot price.
 */
export const oracleMechanism: Mechanism = defineMechanism({
  name: "oracle",
  description: "a lagged price oracle (time-weighted average, delayed) for price rules",
  section: {
    enabled: Type.Boolean({
      default: false,
      unit: "flag",
      description:
        "price oracle: rules read a time-weighted average of past closes instead of the spot price",
      provenance: SETTING,
    }),
    delaySteps: int(0, {
      unit: "steps",
      description:
        "oracle: how many steps older than the last close its newest close is (0 = the last close)",
      minimum: 0,
      maximum: 100000,
      provenance: SETTING,
    }),
    windowSteps: int(1, {
      unit: "steps",
      description: "oracle: closes averaged (1 = no averaging: a delayed spot price)",
      minimum: 1,
      maximum: 100000,
      provenance: SETTING,
    }),
  },
  state: (p) => new OracleState(p.oracle),
  phases: [definePhase("oracle", oraclePhase)],
});
