import { Type } from "@sinclair/typebox";
import { int, num, share } from "../../params/fields.ts";

/**
 * The `exitLearning` parameter section: providers that learn how many loss-making
 * epochs to tolerate (docs/agents.md#learned-exit-thresholds). Off by default
 * (`rule` "fixed": each provider keeps the patience it drew when it joined).
 */
export const exitLearningSection = {
  rule: Type.Union([Type.Literal("fixed"), Type.Literal("learned")], {
    default: "fixed",
    unit: "name",
    description:
      "how providers set their exit patience (loss-making epochs tolerated): fixed (drawn at entry, economics.exitPatience*) or learned (each epoch moved toward the loss streak the network's stayers needed to recover)",
    provenance: { kind: "setting", note: "off by default: providers keep their drawn patience" },
  }),
  learningRate: share(
    0.2,
    "learned rule: share of the gap between a provider's patience and the learned target it closes each epoch",
    {
      kind: "assumption",
      note: "providers revise their tolerance slowly, over about five epochs",
    },
  ),
  confidence: share(
    0.5,
    "learned rule: a provider tolerates as many loss epochs as it takes for this share of loss streaks to end (from the recovery rate seen among providers who stayed)",
    {
      kind: "assumption",
      note: "median waiting time: a provider stays while half of the streaks it has seen had ended",
    },
  ),
  memoryEpochs: num(30, {
    unit: "epochs",
    description:
      "learned rule: how long the network's recoveries are remembered (counts decay by 1 − 1/memoryEpochs per epoch)",
    minimum: 1,
    maximum: 1e6,
    provenance: { kind: "assumption", note: "about a month of daily epochs of recent history" },
  }),
  maxPatienceEpochs: int(120, {
    unit: "epochs",
    description: "learned rule: the most loss-making epochs a provider tolerates",
    minimum: 1,
    maximum: 32767,
    provenance: {
      kind: "assumption",
      note: "no provider waits more than about four months of daily epochs",
    },
  }),
};

/** Settings of learned exit thresholds (the `exitLearning.*` parameters). */
export interface ExitLearningParams {
  rule: "fixed" | "learned";
  learningRate: number;
  confidence: number;
  memoryEpochs: number;
  maxPatienceEpochs: number;
}
