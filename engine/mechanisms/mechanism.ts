import { type Static, type TObject, type TProperties, Type } from "@sinclair/typebox";
import { ScenarioError } from "../errors.ts";
import type { NetworkParams } from "../params/network.ts";
import type { HardwareClassDefaults } from "../params/sections/hardware.ts";
import type { RegionDefaults } from "../params/sections/regions.ts";
import type { Column } from "../pipeline/outputs.ts";
import type { PhaseDef } from "../pipeline/phase.ts";
import type { World } from "../state/world.ts";

/** What a parameter section is built from: the scenario's hardware classes and regions. */
export interface NetworkDefaults {
  hardware: Record<string, HardwareClassDefaults>;
  regions: Record<string, RegionDefaults>;
}

/** Why an invariant failed: the values involved, and optionally a sentence. */
export interface InvariantFailure {
  readonly values: Record<string, number>;
  readonly detail?: string;
}

/**
 * A condition checked after every step. `check` returns `undefined` while it
 * holds, and the values involved when it fails: the run stops there with status
 * "failed" (see `InvariantViolation`). `audit` is true on the steps where the
 * run also audits the provider columns (epoch ends, the last step, or every step
 * with `auditEveryStep`): an O(providers) check belongs there.
 */
export interface Invariant {
  readonly name: string;
  readonly description: string;
  check(w: World, audit: boolean): InvariantFailure | undefined;
}

/** Declares an {@link Invariant}. */
export function invariant(
  name: string,
  description: string,
  check: (w: World, audit: boolean) => InvariantFailure | undefined,
): Invariant {
  return { name, description, check };
}

/**
 * One mechanism of the model, declared in one place: its parameter section, its
 * state in the world, its random streams, its phases, its per-step columns and
 * its invariants. Built-in mechanisms are listed in `engine/mechanisms/builtins.ts`;
 * a scenario adds its own with `mechanisms: [...]` (see {@link defineMechanism}).
 */
export interface Mechanism<P = unknown, S = unknown> {
  /** Identifier: the parameter section's name, the state's key in the world. */
  readonly name: string;
  /** One line on what it models. */
  readonly description: string;
  /** Its parameter section (`params[name]`), built from the scenario's network. */
  readonly section?: (d: NetworkDefaults) => TObject;
  /** Creates its state (`w[name]`) for one run, from the run's parameters. */
  readonly state?: (params: NetworkParams, w: World) => S;
  /** Its random streams' component names (`w.stream(name)`). */
  readonly streams?: readonly string[];
  /** Its phases, available by name in a pipeline. */
  readonly phases?: readonly PhaseDef[];
  /** Its per-step columns, recorded after the built-in ones. */
  readonly columns?: readonly Column[];
  /** Its invariants, checked after every step. */
  readonly invariants?: readonly Invariant[];
  /** Its parameters in a run (`w.params[name]`), typed. */
  paramsOf(w: World): P;
  /** Its state in a run (`w[name]`), typed; an error if the run does not have it. */
  stateOf(w: World): S;
}

/**
 * A list a mechanism declares, or a function of the mechanism that returns it:
 * `columns: (m) => [column("count", "jobs", "...", (w) => m.stateOf(w).count)]`
 * reads the mechanism's typed state without naming the constant being defined
 * (which TypeScript cannot type while it infers that constant).
 */
export type Declared<T, P, S> = readonly T[] | ((m: Mechanism<P, S>) => readonly T[]);

/** What {@link defineMechanism} takes (see {@link Mechanism} for each field). */
export interface MechanismSpec<E extends TProperties, S> {
  readonly name: string;
  readonly description: string;
  /**
   * Its parameter section: a record of fields made with `num`, `int`, `share`,
   * `flag` or `choice` (each with its default, unit, range and provenance), or a
   * builder of the section from the network's classes and regions.
   */
  readonly section?: E | ((d: NetworkDefaults) => TObject<E>);
  readonly state?: (params: NetworkParams, w: World) => S;
  readonly streams?: readonly string[];
  readonly phases?: Declared<PhaseDef, Static<TObject<E>>, S>;
  readonly columns?: Declared<Column, Static<TObject<E>>, S>;
  readonly invariants?: Declared<Invariant, Static<TObject<E>>, S>;
}

/** What a mechanism's name and its phase, stream and column names look like. */
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** What an invariant's name looks like (the built-in ones are `supply-conservation`, ...). */
const INVARIANT_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Declares a mechanism (see {@link Mechanism}), checking the declaration: names
 * are identifiers, and its phases, streams, columns and invariants each have
 * distinct names. A scenario adds it with `defineScenario({ ..., mechanisms: [m] })`:
 * its section extends the scenario's schema, its phases join the pipeline, its
 * columns are recorded and its invariants checked every step after the built-in
 * ones (a violation is reported as `<mechanism>.<invariant>`).
 *
 * ```ts
 * const rewards = defineMechanism({
 *   name: "rewards",
 *   description: "a flat reward per step",
 *   section: { perStep: num(10, { unit: "tokens", description: "minted per step", minimum: 0 }) },
 *   state: () => ({ minted: 0 }),
 *   // Lists may be functions of the mechanism, to read its typed params and state.
 *   phases: (m) => [definePhase("rewards", (w) => ({ name: "rewards", run() { ... } }))],
 *   columns: (m) => [column("rewardsMinted", "tokens", "minted so far", (w) => m.stateOf(w).minted)],
 * });
 * ```
 */
export function defineMechanism<const E extends TProperties = TProperties, S = undefined>(
  spec: MechanismSpec<E, S>,
): Mechanism<Static<TObject<E>>, S> {
  type P = Static<TObject<E>>;
  const fail = (msg: string) => new ScenarioError(`mechanism '${spec.name}': ${msg}`);
  if (typeof spec.name !== "string" || !NAME.test(spec.name))
    throw new ScenarioError(
      `mechanism name '${String(spec.name)}': a name is a letter then letters, digits or _`,
    );
  const { name, section } = spec;
  const m: { -readonly [K in keyof Mechanism<P, S>]: Mechanism<P, S>[K] } = {
    name,
    description: spec.description,
    paramsOf: (w) => (w.params as unknown as Record<string, P>)[name]!,
    stateOf: (w) => {
      if (!(name in w))
        throw new ScenarioError(
          `mechanism '${name}' is not in this run (add it to the scenario's mechanisms)`,
        );
      return (w as unknown as Record<string, S>)[name]!;
    },
  };
  // Optional fields are only set when given (exactOptionalPropertyTypes).
  if (typeof section === "function") m.section = section as (d: NetworkDefaults) => TObject;
  else if (section !== undefined) {
    const schema = Type.Object(section) as TObject;
    m.section = () => schema;
  }
  if (spec.state) m.state = spec.state;
  if (spec.streams) m.streams = [...spec.streams];
  const list = <T>(d: Declared<T, P, S> | undefined): T[] | undefined =>
    d === undefined ? undefined : [...(typeof d === "function" ? d(m) : d)];
  const phases = list(spec.phases);
  const columns = list(spec.columns);
  const invariants = list(spec.invariants);
  if (phases) m.phases = phases;
  if (columns) m.columns = columns;
  if (invariants) m.invariants = invariants;
  const unique = (what: string, names: readonly string[], pattern = NAME) => {
    const seen = new Set<string>();
    for (const n of names) {
      if (typeof n !== "string" || !pattern.test(n))
        throw fail(
          `${what} '${String(n)}': a name is a letter then letters, digits or _${pattern === NAME ? "" : " or -"}`,
        );
      if (seen.has(n)) throw fail(`declares ${what} '${n}' twice`);
      seen.add(n);
    }
  };
  for (const ph of phases ?? [])
    if (!ph || typeof ph.create !== "function")
      throw fail(`a phase without a create(w) function (use definePhase(name, create))`);
  for (const c of columns ?? [])
    if (!c || typeof c.read !== "function")
      throw fail(`column '${c?.name}' has no read(w) function (use column(...))`);
  for (const inv of invariants ?? [])
    if (!inv || typeof inv.check !== "function")
      throw fail(`invariant '${inv?.name}' has no check(w, audit) function (use invariant(...))`);
  unique(
    "phase",
    (phases ?? []).map((p) => p.name),
  );
  unique("stream", spec.streams ?? []);
  unique(
    "column",
    (columns ?? []).map((c) => c.name),
  );
  unique(
    "invariant",
    (invariants ?? []).map((i) => i.name),
    INVARIANT_NAME,
  );
  return Object.freeze(m);
}
