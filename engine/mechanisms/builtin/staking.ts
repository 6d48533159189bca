import { stakingSection } from "../../params/sections/staking.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `staking` mechanism: the stake a provider must lock to serve. */
export const stakingMechanism: Mechanism = defineMechanism({
  name: "staking",
  description: "the stake a provider must lock to serve",
  section: stakingSection,
});
