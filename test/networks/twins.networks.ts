import { defineNetworks } from "../../engine/networks/spec.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";
import { smallBaseline } from "./fixtures.ts";

/** Two small identical baseline networks for 10 days, for the CLI test. */
export const networks = defineNetworks({
  name: "twins",
  networks: {
    a: { scenario: baseline, sets: smallBaseline(10) },
    b: { scenario: baseline, sets: smallBaseline(10) },
  },
  outsideOption: {
    usdPerGpuHour: { rtx3090: 0.22, rtx4090: 0.34, a100: 1.19, h100: 1.99 },
    hostShare: 0.75,
    utilisation: 0.5,
  },
});
