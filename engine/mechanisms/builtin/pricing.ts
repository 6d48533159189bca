import { pricingSection } from "../../params/sections/pricing.ts";
import { column } from "../../pipeline/outputs.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { PricingState } from "../pricing.ts";

/** The `pricing` mechanism: what clients pay: a fixed price or a per-region auction. */
export const pricingMechanism: Mechanism = defineMechanism({
  name: "pricing",
  description: "what clients pay: a fixed price or a per-region auction",
  section: pricingSection,
  state: (p) => new PricingState(p),
  columns: [
    column(
      "clientUsdPerGpuHour",
      "USD per GPU-hour",
      "work-weighted mean price clients paid (fixed price or auction clearing price)",
      (w) => w.totals.usdPerGpuHour,
    ),
  ],
});
