import {
  adaptCheatFractions,
  adaptRingFractions,
  meanActiveCheatFraction,
  recordFakedJobs,
} from "../../mechanisms/adaptiveCheating.ts";
import { emptyVerificationResult, verify } from "../../mechanisms/verification.ts";
import { column } from "../outputs.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Verification by re-running sampled jobs (the `verification` phase): samples served
 * jobs, catches cheaters, flags honest providers falsely at the false-positive rate,
 * and slashes, jails and ejects offenders through the ledger. When the phase is
 * created it sets `w.roster.extraCostPerWork` to the re-run cost a provider bears per
 * GPU-hour when `verification.rerunCostPayer` is "provider".
 *
 * Reads `w.roster`, `w.matching.utilByRegion`, `w.totals.jobsServed`, `w.step` and
 * `w.rng.verification`. Writes `w.roster` (offences, jail, stakes, ejections),
 * `w.ledger` (slashes) and `w.totals` (jobs sampled, cheaters caught, false flags,
 * bad results, slashed, slash burned, ejected, verification cost).
 *
 * With `providers.cheatStrategy` "adaptive" it also counts each active cheater's
 * faked jobs before verifying, and at each epoch end moves every cheater's cheat
 * fraction toward its best response to the detection rate it has seen
 * (`engine/mechanisms/adaptiveCheating.ts`), and adds the column
 * `meanCheatFraction`. It draws no random numbers for this.
 *
 * With `rings.share` > 0 a share of the cheaters form rings
 * (`engine/mechanisms/agents/rings.ts`): with `rings.collusion` a ring member's
 * sampled job escapes with the ring's share of the re-run capacity, and with
 * `rings.pooled` (adaptive cheaters) each ring sets one cheat fraction from its
 * pooled catches. It adds the columns `ringWorkShare`, `ringDetectionRate` and
 * `ringCheatFraction`,
 * and draws no extra random numbers.
 *
 * After: `service`.
 */
export const verificationPhase: PhaseFactory = (w) => {
  const p = w.params;
  const out = emptyVerificationResult();
  const rho = p.verification.sampleRate;
  // Client jobs per unit of utilisation: the rest of a provider's work is re-runs.
  const jobsPerWorkStep = p.sim.stepHours / p.demand.jobGpuHours / (1 + rho);
  const providerPays = p.verification.rerunCostPayer === "provider";
  // Of each GPU-hour a provider works, rho / (1 + rho) re-runs other providers'
  // sampled jobs. The re-run is paid at the client price: by the protocol, or
  // (rerunCostPayer "provider") by the sampled provider, which then bears that
  // much per GPU-hour it works.
  w.roster.extraCostPerWork = providerPays ? (rho / (1 + rho)) * p.pricing.usdPerGpuHour : 0;
  const adaptive = p.providers.cheatStrategy === "adaptive";
  const learning = {
    learningRate: p.providers.cheatLearningRate,
    priorSampleRate: p.providers.cheatPriorSampleRate,
    priorWeight: p.providers.cheatPriorWeight,
  };
  const context = {
    jobsPerWorkStep,
    stepHours: p.sim.stepHours,
    epochHours: p.sim.epochSteps * p.sim.stepHours,
    slashFraction: p.verification.slashFraction,
    minStakeTokens: p.staking.minStakeTokens,
    priceUsd: 0,
    jailHours: p.verification.jailSteps * p.sim.stepHours,
  };
  const rings = w.rings.rings;
  const pooled = adaptive && rings !== undefined && w.params.rings!.pooled;
  const scratch = new Float64Array(pooled ? 3 * w.providers.capacity : 0);
  const columns = [
    ...(adaptive
      ? [
          column(
            "meanCheatFraction",
            "fraction",
            "mean cheat fraction of active cheaters (adaptive cheaters only; 0 when none are active)",
            (w) => meanActiveCheatFraction(w.roster),
          ),
        ]
      : []),
    ...(rings
      ? [
          column(
            "ringWorkShare",
            "fraction",
            "share of the step's work (and so of the re-run capacity) done by active ring members (rings only)",
            () => rings.workShare,
          ),
          column(
            "ringDetectionRate",
            "fraction",
            "catches per faked job of ring members since the start (rings only; 0 before any faked job)",
            () => rings.detectionRate(),
          ),
          column(
            "ringCheatFraction",
            "fraction",
            "mean cheat fraction of active ring members (rings only; 0 when none are active)",
            (w) => rings.meanMemberFraction(w.roster),
          ),
        ]
      : []),
  ];
  return {
    name: "verification",
    after: ["service"],
    reads: ["matching.utilByRegion", "rings"],
    // the rings' placement and escape shares (`w.rings`; nothing without rings)
    writes: ["rings"],
    run(w) {
      const t = w.totals;
      if (adaptive) recordFakedJobs(w.roster, w.matching.utilByRegion, jobsPerWorkStep);
      if (rings) {
        rings.assign(w.roster);
        rings.updateEscape(w.roster, w.matching.utilByRegion);
      }
      verify(
        p.verification,
        w.roster,
        w.ledger,
        w.matching.utilByRegion,
        jobsPerWorkStep,
        t.jobsServed,
        w.step,
        p.economics.unbondingSteps,
        w.rng.verification,
        out,
        rings,
      );
      t.jobsSampled = out.jobsSampled;
      t.cheatersCaught = out.cheatersCaught;
      t.falseFlags = out.falseFlags;
      t.badResults = out.badResults;
      t.slashed = out.slashed;
      t.slashBurned = out.slashBurned;
      t.ejected = out.ejected;
      // Expected re-run cost of the step's served jobs: the capacity matching set aside.
      t.verificationCostUsd = rho * t.jobsServed * p.demand.jobGpuHours * p.pricing.usdPerGpuHour;
      if (adaptive && w.isEpochEnd) {
        context.priceUsd = w.amm.price;
        adaptCheatFractions(learning, w.roster, context, pooled ? rings!.ringOf : undefined);
        if (pooled) adaptRingFractions(learning, w.roster, context, rings!, scratch);
      }
    },
    ...(columns.length > 0 && { columns }),
  };
};
