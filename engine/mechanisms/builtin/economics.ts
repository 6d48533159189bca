import { economicsSection } from "../../params/sections/economics.ts";
import { column } from "../../pipeline/outputs.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { providerEconomicsPhase } from "../../pipeline/phases/providerEconomics.ts";
import { servicePhase } from "../../pipeline/phases/service.ts";
import { EconomicsState } from "../churn.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `economics` mechanism: provider economics: service costs and income, reward sales, entry and exit. */
export const economicsMechanism: Mechanism = defineMechanism({
  name: "economics",
  description: "provider economics: service costs and income, reward sales, entry and exit",
  section: economicsSection,
  state: () => new EconomicsState(),
  streams: ["entry"],
  phases: [
    definePhase("service", servicePhase),
    definePhase("providerEconomics", providerEconomicsPhase),
  ],
  columns: [
    column("providerFiatUsd", "USD", "fiat paid to providers", (w) => w.totals.providerFiatUsd),
    column(
      "providerCostUsd",
      "USD",
      "providers' energy and fixed costs",
      (w) => w.totals.providerCostUsd,
    ),
    column(
      "profitP10UsdPerHour",
      "USD/hour",
      "10th percentile of providers' trailing profit (last epoch end)",
      (w) => w.economics.profitP10,
    ),
    column(
      "profitP50UsdPerHour",
      "USD/hour",
      "median provider trailing profit (last epoch end)",
      (w) => w.economics.profitP50,
    ),
    column(
      "profitP90UsdPerHour",
      "USD/hour",
      "90th percentile of providers' trailing profit (last epoch end)",
      (w) => w.economics.profitP90,
    ),
  ],
});
