import { verificationSection } from "../../params/sections/verification.ts";
import { column } from "../../pipeline/outputs.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { verificationPhase } from "../../pipeline/phases/verification.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `verification` mechanism: verification by re-running sampled jobs: catches, slashes, jail, ejection. */
export const verificationMechanism: Mechanism = defineMechanism({
  name: "verification",
  description: "verification by re-running sampled jobs: catches, slashes, jail, ejection",
  section: verificationSection,
  streams: ["verification"],
  phases: [definePhase("verification", verificationPhase)],
  columns: [
    column(
      "verificationCostUsd",
      "USD",
      "cost of verification re-runs",
      (w) => w.totals.verificationCostUsd,
    ),
    column("jobsSampled", "jobs", "jobs re-run by verification", (w) => w.totals.jobsSampled),
    column(
      "cheatersCaught",
      "providers",
      "cheaters caught and slashed",
      (w) => w.totals.cheatersCaught,
    ),
    column(
      "falseFlags",
      "providers",
      "honest providers wrongly slashed",
      (w) => w.totals.falseFlags,
    ),
    column(
      "badResults",
      "jobs",
      "faked results delivered uncaught (expected)",
      (w) => w.totals.badResults,
    ),
    column(
      "ejected",
      "providers",
      "providers ejected for good by verification",
      (w) => w.totals.ejected,
    ),
  ],
});
