import { column } from "../../pipeline/outputs.ts";
import { definePhase } from "../../pipeline/phase.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { exitLearningSection } from "./exitLearningSection.ts";
import { LearnedPatience } from "./learnedPatience.ts";

/**
 * The `exitLearning` mechanism: providers with learned exit thresholds
 * (docs/agents.md#learned-exit-thresholds). Its phase `exitLearning` runs at
 * each epoch end before `providerEconomics` takes the exit decisions, and moves
 * every provider's patience (`s.patience`) with {@link LearnedPatience}; with
 * `exitLearning.rule` "fixed" (the default) it does nothing and adds no column.
 * With "learned" it adds the columns `meanPatienceEpochs` and `recoveryHazard`.
 */
export const exitLearningMechanism: Mechanism = defineMechanism({
  name: "exitLearning",
  description: "providers that learn how many loss-making epochs to tolerate before they exit",
  section: exitLearningSection,
  phases: [
    definePhase("exitLearning", (w) => {
      const p = w.params.exitLearning;
      if (p?.rule !== "learned") return { name: "exitLearning", run() {} };
      const learner = new LearnedPatience(
        p,
        w.params.economics.exitPatienceEpochs,
        w.providers.capacity,
      );
      return {
        name: "exitLearning",
        run(w) {
          if (w.isEpochEnd) learner.update(w.roster);
        },
        columns: [
          column(
            "meanPatienceEpochs",
            "epochs",
            "mean exit patience of active providers after the last epoch end (learned exit rule only)",
            () => learner.meanPatience,
          ),
          column(
            "recoveryHazard",
            "fraction",
            "pooled share of loss streaks that ended per epoch, as providers learned it (learned exit rule only)",
            () => learner.hazard,
          ),
        ],
      };
    }),
  ],
});
