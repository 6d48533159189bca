import { column } from "../../pipeline/outputs.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { settlementPhase } from "../../pipeline/phases/settlement.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `settlement` mechanism: settlement of client payments: fees, burns, fiat, emission and credits at epoch ends. */
export const settlementMechanism: Mechanism = defineMechanism({
  name: "settlement",
  description:
    "settlement of client payments: fees, burns, fiat, emission and credits at epoch ends",
  phases: [definePhase("settlement", settlementPhase)],
  columns: [
    column("revenueUsd", "USD", "client payments", (w) => w.totals.revenueUsd),
    column("feeUsd", "USD", "protocol fee", (w) => w.totals.feeUsd),
    column("burnUsd", "USD", "USD spent buying tokens to burn", (w) => w.totals.burnUsd),
  ],
});
