import { emissionSection } from "../../params/sections/emission.ts";
import { column } from "../../pipeline/outputs.ts";
import { EmissionState } from "../emission.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `emission` mechanism: token emission at epoch ends: base policy and net-emission re-mint. */
export const emissionMechanism: Mechanism = defineMechanism({
  name: "emission",
  description: "token emission at epoch ends: base policy and net-emission re-mint",
  section: emissionSection,
  state: (p) => new EmissionState(p),
  columns: [
    column(
      "baseEmissionTokens",
      "tokens",
      "base-policy emission minted this step (epoch ends)",
      (w) => w.totals.baseEmission,
    ),
    column(
      "netEmissionTokens",
      "tokens",
      "net-emission re-mint of burned tokens this step (epoch ends)",
      (w) => w.totals.netEmission,
    ),
  ],
});
