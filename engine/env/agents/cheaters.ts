import type { NetworkParams } from "../../params/network.ts";
import type { PhaseEntry } from "../../scenario.ts";
import { Status } from "../../state/providers.ts";
import type { World } from "../../state/world.ts";
import { EnvironmentError } from "../errors.ts";
import type { MarketObservation } from "../observation.ts";
import { discreteSpace } from "../spaces.ts";
import type { AgentClass, AgentEpisode } from "./agentClass.ts";

/** What the cheater agent observes: the network, and its cheaters' state and last interval. */
export interface CheaterObservation extends MarketObservation {
  /** The cheat fraction in force (fraction of jobs faked). */
  cheatFraction: number;
  /** Cheating providers active now (providers). */
  activeCheaters: number;
  /** Cheaters caught in the last interval (catches). */
  catches: number;
  /** The cheaters' profit so far in the episode: the rewards summed (USD). */
  profitUsd: number;
}

/** Default cheat fractions a learner chooses from (fraction of jobs faked). */
const DEFAULT_FRACTIONS = [0, 0.25, 0.5, 0.75, 1];

/**
 * The cheating providers as one agent: the action sets the cheat fraction of
 * every cheater (`providers.cheaterShare` of the providers are cheaters), the
 * reward is their profit from cheating over the interval, in USD: the load power
 * the faked jobs did not draw (`(loadW − idleW) · util · f · stepHours · USD/kWh`
 * per active cheater and step: the energy saving of
 * `engine/mechanisms/cheatingEconomics.ts`) minus the stake slashed from caught
 * cheaters at the step's token price. It leaves out what a jailed cheater forgoes
 * (the closed form's `J · m`); so its break-even is `breakEvenSampleRate` with
 * `jailHours: 0`.
 *
 * Two phases go into the pipeline: `envCheatersAct` first (sets the fraction,
 * settling each active cheater's accrual first so that its power cost stays
 * exact, as the adaptive rule does) and `envCheatersProbe` right after
 * `verification` (counts the saving and the catches). Neither draws random numbers
 * nor moves tokens. Refused with `providers.cheatStrategy` "adaptive" (both would
 * set the fractions), without cheaters, or without a `verification` phase.
 */
export function cheaterAgent(
  params: NetworkParams,
  values: readonly number[] = DEFAULT_FRACTIONS,
): AgentClass<CheaterObservation> {
  if (params.providers.cheatStrategy === "adaptive")
    throw new EnvironmentError(
      "agent 'cheaters': providers.cheatStrategy is 'adaptive', which sets the cheat fractions itself; use 'fixed' to let a learner set them",
    );
  if (params.providers.cheaterShare <= 0)
    throw new EnvironmentError(
      "agent 'cheaters': providers.cheaterShare is 0, so there are no cheaters to drive",
    );
  const actionSpace = discreteSpace(values, "cheat fraction", 0, 1, "agent 'cheaters'");
  const passive = actionSpace.values.indexOf(params.providers.cheatFraction);
  return {
    name: "cheaters",
    description:
      "the cheating providers' cheat fraction; reward: energy saved by faking minus stake slashed (USD)",
    rewardUnit: "USD",
    actionSpace,
    observationKeys: [
      "step",
      "priceUsd",
      "priceReturn",
      "utilisation",
      "activeProviders",
      "cheatFraction",
      "activeCheaters",
      "catches",
      "profitUsd",
    ],
    passiveAction: passive >= 0 ? passive : undefined,
    episode: () => cheaterEpisode(params.providers.cheatFraction),
  };
}

function cheaterEpisode(initialFraction: number): AgentEpisode<CheaterObservation> {
  let target = initialFraction;
  let reward = 0;
  let profit = 0;
  let saved = 0;
  let slashedUsd = 0;
  let catches = 0;
  // Per slot: offences and stake at the start of the step (before verification).
  let offMark = new Float64Array(0);
  let stakeMark = new Float64Array(0);
  const act: PhaseEntry = {
    name: "envCheatersAct",
    create: (w0) => {
      offMark = new Float64Array(w0.providers.capacity);
      stakeMark = new Float64Array(w0.providers.capacity);
      return {
        name: "envCheatersAct",
        run(w: World) {
          const roster = w.roster;
          const s = roster.s;
          // Columns in locals (the hot-loop advice of docs/library.md).
          const { offences, stake, cheatFraction, status } = s;
          const list = roster.cheaters;
          const n = roster.cheaterCount;
          const om = offMark;
          const sm = stakeMark;
          const f1 = target;
          for (let k = 0; k < n; k++) {
            const i = list[k]!;
            om[i] = offences[i]!;
            sm[i] = stake[i]!;
            const f = cheatFraction[i]!;
            if (f === f1) continue;
            if (status[i] === Status.Active) {
              // Settle the work so far at the old fraction, then move its load power.
              roster.accrue(i);
              roster.activeLoadUsdPerHour[s.region[i]!]! +=
                (s.loadKw[i]! - s.idleKw[i]!) * (f - f1) * s.powerPrice[i]!;
            }
            cheatFraction[i] = f1;
          }
        },
      };
    },
  };
  const probe: PhaseEntry = {
    name: "envCheatersProbe",
    create: () => ({
      name: "envCheatersProbe",
      after: ["verification"],
      reads: ["matching.utilByRegion"],
      run(w: World) {
        const roster = w.roster;
        const { offences, stake, cheatFraction, status, loadKw, idleKw, powerPrice, region } =
          roster.s;
        const util = w.matching.utilByRegion;
        const h = w.params.sim.stepHours;
        const price = w.amm.price;
        const list = roster.cheaters;
        const n = roster.cheaterCount;
        const om = offMark;
        const sm = stakeMark;
        let gain = 0;
        let loss = 0;
        for (let k = 0; k < n; k++) {
          const i = list[k]!;
          const caught = offences[i]! > om[i]!;
          if (status[i] !== Status.Active && !caught) continue;
          gain +=
            (loadKw[i]! - idleKw[i]!) * util[region[i]!]! * cheatFraction[i]! * h * powerPrice[i]!;
          if (caught) {
            catches++;
            loss += Math.max(0, sm[i]! - stake[i]!) * price;
          }
        }
        saved += gain;
        slashedUsd += loss;
        reward += gain - loss;
      },
    }),
  };
  return {
    phases: [
      { entry: act, at: "start" },
      { entry: probe, at: { after: "verification" } },
    ],
    act(value) {
      target = value;
    },
    takeReward(_w) {
      const r = reward;
      profit += r;
      reward = 0;
      return r;
    },
    observe(w, market) {
      const roster = w.roster;
      const s = roster.s;
      let active = 0;
      for (let k = 0; k < roster.cheaterCount; k++)
        if (s.status[roster.cheaters[k]!] === Status.Active) active++;
      const o: CheaterObservation = {
        ...market,
        cheatFraction: target,
        activeCheaters: active,
        catches,
        profitUsd: profit,
      };
      return o;
    },
    info() {
      const out = { energySavedUsd: saved, slashedUsd, catches };
      saved = 0;
      slashedUsd = 0;
      catches = 0;
      return out;
    },
  };
}
