import type { World } from "../state/world.ts";
import type { Column, RunOutcome } from "./outputs.ts";

/**
 * One named phase of a step. Phases run in order; each reads and writes the world.
 *
 * The contract: a phase moves tokens only through `w.ledger` (the supply and
 * balance invariants are checked after every step), counts what it does in
 * `w.totals` (reset before each step), draws random numbers only from its own
 * stream (`w.stream(name)`, or its component in `w.rng`), and does not advance
 * the clock: the step loop sets `w.step` and counts epochs (`w.epochsCompleted`
 * goes up after the last phase of an epoch's final step, whatever the pipeline).
 */
export interface Phase {
  readonly name: string;
  /**
   * Phases that must run before this one in a step when they are in the pipeline
   * (a pipeline that breaks this is an error when the run starts).
   */
  readonly after?: readonly string[];
  /**
   * Mechanism state this phase reads as the earlier phases of the same step left
   * it: a group of `World` (`"matching"`) or one field (`"matching.utilByRegion"`).
   * The phase must run after every other phase in the pipeline that writes it.
   */
  readonly reads?: readonly string[];
  /**
   * Mechanism state this phase reads as the previous step left it (`demand` reads
   * last step's client price): it must run before every other phase that writes it.
   */
  readonly readsPrevious?: readonly string[];
  /** Mechanism state this phase changes (groups or fields, as for {@link reads}). */
  readonly writes?: readonly string[];
  run(w: World): void;
  /** Called once after the run's last step (also when an invariant stopped it). */
  end?(w: World): void;
  /** Per-step columns this phase adds to the output (see {@link Column}). */
  readonly columns?: readonly Column[];
  /** Per-run outcomes this phase adds to the summary (see {@link RunOutcome}). */
  readonly outcomes?: Readonly<Record<string, RunOutcome>>;
}

/** Creates a phase for one run (a phase may keep scratch buffers in its closure). */
export type PhaseFactory = (w: World) => Phase;

/** A phase as a scenario's pipeline or a mechanism lists it: its name and its factory. */
export interface PhaseDef {
  readonly name: string;
  readonly create: PhaseFactory;
}

/**
 * A custom phase for a scenario's `phases` list (or a mechanism's): `create` is
 * called once per run with the run's world and returns the phase (it may keep
 * scratch buffers in its closure). Its `name` labels it in errors.
 */
export function definePhase(name: string, create: PhaseFactory): PhaseDef {
  return { name, create };
}
