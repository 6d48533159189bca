import { simSection } from "../../params/sections/sim.ts";
import { column } from "../../pipeline/outputs.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `sim` mechanism: the run's clock: steps, step length, epochs. */
export const simMechanism: Mechanism = defineMechanism({
  name: "sim",
  description: "the run's clock: steps, step length, epochs",
  section: simSection,
  columns: [
    column(
      "timeHours",
      "hours",
      "simulated time at the end of the step",
      (w) => (w.step + 1) * w.params.sim.stepHours,
    ),
  ],
});
