import { hardwareSection } from "../../params/sections/hardware.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `hardware` mechanism: the hardware classes: throughput, power, capex, VRAM, service latency. */
export const hardwareMechanism: Mechanism = defineMechanism({
  name: "hardware",
  description: "the hardware classes: throughput, power, capex, VRAM, service latency",
  section: (d) => hardwareSection(d.hardware),
});
