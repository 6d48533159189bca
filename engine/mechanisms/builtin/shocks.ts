import { shocksSection } from "../../params/sections/shocks.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { shocksPhase } from "../../pipeline/phases/shocks.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { ShocksState } from "../shocks.ts";

/** The `shocks` mechanism: scheduled shocks: market crash, liquidity withdrawal, power prices, hardware generations. */
export const shocksMechanism: Mechanism = defineMechanism({
  name: "shocks",
  description:
    "scheduled shocks: market crash, liquidity withdrawal, power prices, hardware generations",
  section: shocksSection,
  state: (p) => new ShocksState(p),
  phases: [definePhase("shocks", shocksPhase)],
});
