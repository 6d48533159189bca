import { treasurySection } from "../../params/sections/treasury.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `treasury` mechanism: treasury policy at epoch ends: buybacks and runway. */
export const treasuryMechanism: Mechanism = defineMechanism({
  name: "treasury",
  description: "treasury policy at epoch ends: buybacks and runway",
  section: treasurySection,
});
