import {
  applyChange,
  ruleFires,
  ruleValue,
  scheduledChanges,
  windowSteps,
} from "../../mechanisms/governance.ts";
import { rulePrice } from "../../mechanisms/oracle.ts";
import { column } from "../outputs.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Parameter changes during a run (the `governance` phase), with
 * `governance.enabled`; otherwise it does nothing and adds no output. In
 * step s (after `shocks`) it applies the scheduled changes of step s
 * (`governance.change<k>`: param = value) and, when the rule has fired
 * `voteLagDays` earlier, the rule's change (param × multiplier); the rule fires
 * once, when the price (after the step's shocks) is at most `(1 − dropShare)`
 * times the price `windowDays` earlier.
 *
 * The changes are made to the world's own copy of the parameters (`w.params`;
 * see `World`), which every phase reads: in a step they hold from this phase on
 * (in `DEFAULT_PHASES` it runs after `shocks`, which reads none of them). The
 * summary's `params` keep the values the run started with. Only parameters the phases read afresh each step or epoch can be
 * changed (`GOVERNABLE`). Values and the parameters after each scheduled
 * change are checked when the run starts.
 *
 * Each change is recorded in `w.governance.events` (step, day, parameter, old
 * and new value, cause). With `oracle.enabled` the rule reads the oracle's
 * price (`rulePrice`) instead of the spot price.
 *
 * Reads and writes `w.governance`; reads `w.amm` (the price). Adds the column
 * `governanceChanges` and the outcomes `governanceChanges`,
 * `governanceRuleFiredStep` and `governanceRuleEffectStep`.
 */
export const governancePhase: PhaseFactory = (w) => {
  if (!w.params.governance.enabled) return { name: "governance", run() {} };
  const own = w.params;
  const schedule = scheduledChanges(own);
  const rule = own.governance.rule;
  const lagSteps = Math.round((rule.voteLagDays * 24) / own.sim.stepHours);
  const withRule = rule.dropShare > 0;
  let next = 0;
  return {
    name: "governance",
    reads: ["oracle"],
    writes: ["governance"],
    run(w) {
      const g = w.governance;
      const p = w.params;
      g.appliedStep = 0;
      while (next < schedule.length && schedule[next]!.step <= w.step) {
        const c = schedule[next++]!;
        if (c.step < w.step) continue;
        applyChange(p, g, w.step, c.param, c.value, "schedule");
      }
      if (withRule) {
        if (ruleFires(p, g, w.step, rulePrice(w))) {
          g.ruleFiredStep = w.step;
          g.ruleEffectStep = w.step + lagSteps;
        }
        if (g.ruleEffectStep === w.step) {
          applyChange(p, g, w.step, rule.param, ruleValue(p), "rule");
        }
      }
      g.applied += g.appliedStep;
    },
    columns: [
      column(
        "governanceChanges",
        "changes",
        "governance: parameter changes applied in this step, scheduled and by the rule (governance.enabled)",
        (w) => w.governance.appliedStep,
      ),
    ],
    outcomes: {
      governanceChanges: {
        unit: "changes",
        description: "governance: parameter changes applied in the run",
        read: (w) => w.governance.applied,
      },
      governanceRuleFiredStep: {
        unit: "step",
        description: `governance: the step at which the price rule fired (−1 = never; look-back ${withRule ? windowSteps(own) : 0} steps)`,
        read: (w) => w.governance.ruleFiredStep,
      },
      governanceRuleEffectStep: {
        unit: "step",
        description:
          "governance: the step from which the rule's change holds after the vote (−1 = never; it may lie beyond the run)",
        read: (w) => w.governance.ruleEffectStep,
      },
    },
  };
};
