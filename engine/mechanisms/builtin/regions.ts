import { regionsSection } from "../../params/sections/regions.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `regions` mechanism: the regions: provider and demand shares, power prices, latencies. */
export const regionsMechanism: Mechanism = defineMechanism({
  name: "regions",
  description: "the regions: provider and demand shares, power prices, latencies",
  section: (d) => regionsSection(d.regions),
});
