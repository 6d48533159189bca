import { spiralSection } from "../../params/sections/spiral.ts";
import { column } from "../../pipeline/outputs.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { SpiralState } from "../spiral.ts";

/** The `spiral` mechanism: the death-spiral detector's output (the step loop runs the detector). */
export const spiralMechanism: Mechanism = defineMechanism({
  name: "spiral",
  description: "the death-spiral detector's output (the step loop runs the detector)",
  section: spiralSection,
  state: () => new SpiralState(),
  columns: [
    column(
      "spiralLegs",
      "legs",
      "death-spiral legs active (price drawdown, provider exodus, demand churn)",
      (w) => w.spiral.legs,
    ),
    column(
      "spiralActive",
      "0/1",
      "1 while a confirmed death spiral is in progress",
      (w) => w.spiral.active,
    ),
  ],
});
