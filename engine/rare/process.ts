import type { NetworkParams } from "../params/network.ts";
import { Simulation } from "../pipeline/simulation.ts";
import type { Scenario } from "../scenario.ts";
import type { RareEvent } from "./event.ts";
import { reseedWorld } from "./reseed.ts";
import type { Path, SplittingProcess, Trajectory } from "./splitting.ts";

/**
 * A scenario's runs as a splitting process, branched by replay: trajectory
 * (origin, branches) is the run with root seed `seed` and run index `origin`,
 * simulated from step 0 (genesis included) with every random stream re-seeded
 * in place before each branch's step. Replaying the shared prefix costs its
 * steps again (counted in `steps`), but needs no copy of the world or of the
 * phases' closures, and is bit-identical to the parent up to the branch. A run
 * stops once the score reaches the event's level, or when an invariant stops it.
 */
export class ScenarioProcess implements SplittingProcess {
  /** Runs an invariant stopped (their score is what they reached). */
  failures = 0;
  constructor(
    private readonly scenario: Scenario,
    private readonly params: NetworkParams,
    private readonly seed: number,
    private readonly event: RareEvent,
  ) {}

  simulate(path: Path, level: number): Trajectory {
    const sim = new Simulation({
      scenario: this.scenario,
      params: this.params,
      seed: this.seed,
      runIndex: path.origin,
    });
    const score = this.event.create(sim.world);
    const recordSteps: number[] = [];
    const recordScores: number[] = [];
    let max = Number.NEGATIVE_INFINITY;
    let b = 0;
    let steps = 0;
    while (!sim.done && max < level) {
      const step = sim.stepsCompleted;
      while (b < path.branches.length && path.branches[b]!.at === step) {
        reseedWorld(sim.world, path.branches[b]!.id);
        b++;
      }
      sim.advance();
      steps++;
      if (sim.failure) {
        this.failures++;
        break;
      }
      const s = score.observe(sim.world);
      if (s > max) {
        max = s;
        recordSteps.push(step);
        recordScores.push(s);
      }
    }
    return { ...path, recordSteps, recordScores, score: max, steps };
  }
}
