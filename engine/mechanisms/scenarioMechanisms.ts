import type { TObject } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ScenarioError } from "../errors.ts";
import { BASE_COLUMNS } from "../metrics/columns.ts";
import { addSections } from "../params/extend.ts";
import type { PhaseDef } from "../pipeline/phase.ts";
import { phaseRegistry } from "../pipeline/phases.ts";
import type { PhaseEntry, Scenario } from "../scenario.ts";
import { attachMechanisms } from "./attach.ts";
import { BUILTIN_MECHANISMS, DEFAULT_PHASES } from "./builtins.ts";
import type { Mechanism, NetworkDefaults } from "./mechanism.ts";

/** Pipeline entries made by {@link withMechanisms}, to the phase each wraps. */
const wrapped = new WeakMap<PhaseDef, PhaseDef>();

/**
 * A scenario with its own mechanisms (`scenario.mechanisms`) applied; the
 * scenario itself when it has none. `defineScenario` and `loadScenario` call it,
 * and calling it again on its result changes nothing:
 *
 * - each mechanism's section is added to the schema after the scenario's own
 *   (`params.<mechanism>`; a section the schema has with the same fields is kept:
 *   the scenario may have changed its defaults with `withDefaults`);
 * - the pipeline: without `phases`, the default pipeline followed by each
 *   mechanism's phases in order; with `phases`, that list, where a mechanism's
 *   phase is named like a built-in one (`"rewards"`), and every mechanism phase
 *   must be in it;
 * - every phase of the pipeline adds the mechanisms to the run's world when the
 *   run creates it (the first one does; see `attachMechanisms`), so that their
 *   state and streams exist, their columns are recorded and their invariants
 *   checked after each step.
 *
 * A bad declaration is an error naming the scenario and the mechanism: two
 * mechanisms with one name, a name, phase, stream or column that a built-in
 * mechanism (or another of the scenario's) already has, or a mechanism phase
 * missing from `phases`.
 */
export function withMechanisms(s: Scenario): Scenario {
  const mechanisms = s.mechanisms ?? [];
  if (mechanisms.length === 0) return s;
  checkMechanisms(s.name, mechanisms);
  return { ...s, schema: withSections(s, mechanisms), phases: pipeline(s, mechanisms) };
}

/** Checks that the scenario's mechanisms are defined and clash with nothing. */
function checkMechanisms(scenarioName: string, mechanisms: readonly Mechanism[]): void {
  const fail = (msg: string) => new ScenarioError(`${scenarioName}: ${msg}`);
  const builtIn = (m: Mechanism) => `built-in mechanism '${m.name}'`;
  const owners = {
    mechanism: new Map<string, string>(BUILTIN_MECHANISMS.map((m) => [m.name, builtIn(m)])),
    phase: new Map<string, string>(
      BUILTIN_MECHANISMS.flatMap((m) => (m.phases ?? []).map((ph) => [ph.name, builtIn(m)])),
    ),
    stream: new Map<string, string>(
      BUILTIN_MECHANISMS.flatMap((m) => (m.streams ?? []).map((n) => [n, builtIn(m)])),
    ),
    column: new Map<string, string>(
      [...["run", "point", "step"], ...BASE_COLUMNS.map((c) => c.name)].map((n) => [
        n,
        "the built-in columns",
      ]),
    ),
  };
  const claim = (kind: keyof typeof owners, name: string, who: string) => {
    const had = owners[kind].get(name);
    if (had)
      throw fail(
        kind === "mechanism"
          ? `mechanism '${name}': ${had} has this name already`
          : `mechanism '${who}' declares ${kind} '${name}', which ${had} already has`,
      );
    owners[kind].set(name, `mechanism '${who}'`);
  };
  mechanisms.forEach((m, i) => {
    if (!m || typeof m !== "object" || typeof m.paramsOf !== "function")
      throw fail(`mechanisms[${i}] is not a mechanism (declare it with defineMechanism)`);
    claim("mechanism", m.name, m.name);
    for (const ph of m.phases ?? []) claim("phase", ph.name, m.name);
    for (const st of m.streams ?? []) claim("stream", st, m.name);
    for (const c of m.columns ?? []) claim("column", c.name, m.name);
  });
}

/** The scenario's schema with each mechanism's section added (see {@link withMechanisms}). */
function withSections(s: Scenario, mechanisms: readonly Mechanism[]): TObject {
  const withSection = mechanisms.filter((m) => m.section);
  if (withSection.length === 0) return s.schema;
  let d: NetworkDefaults | undefined;
  const defaults = (): NetworkDefaults => {
    if (!d) {
      const p = Value.Create(s.schema) as Partial<NetworkDefaults>;
      d = { hardware: p.hardware ?? {}, regions: p.regions ?? {} };
    }
    return d;
  };
  const added: Record<string, TObject> = {};
  for (const m of withSection) {
    const section = m.section!(defaults());
    const had = s.schema.properties[m.name] as TObject | undefined;
    if (had !== undefined) {
      const same =
        had.type === "object" &&
        Object.keys(had.properties ?? {}).join() === Object.keys(section.properties).join();
      if (same) continue;
      throw new ScenarioError(
        `${s.name}: mechanism '${m.name}': the schema already has a parameter section '${m.name}' (rename the mechanism or the section)`,
      );
    }
    added[m.name] = section;
  }
  return Object.keys(added).length > 0 ? addSections(s.schema, added) : s.schema;
}

/** The scenario's pipeline with the mechanisms' phases resolved (see {@link withMechanisms}). */
function pipeline(s: Scenario, mechanisms: readonly Mechanism[]): PhaseDef[] {
  const own = new Map<string, PhaseDef>();
  for (const m of mechanisms) for (const ph of m.phases ?? []) own.set(ph.name, ph);
  const entries: readonly PhaseEntry[] = s.phases ?? [...DEFAULT_PHASES, ...own.keys()];
  const attach = (w: Parameters<PhaseDef["create"]>[0]) => attachMechanisms(w, mechanisms);
  const out = entries.map((e): PhaseDef => {
    const inner: PhaseDef =
      typeof e === "string"
        ? (own.get(e) ?? { name: e, create: phaseRegistry.get(e) })
        : (wrapped.get(e) ?? e);
    const entry: PhaseDef = {
      name: inner.name,
      create: (w) => {
        attach(w);
        return inner.create(w);
      },
    };
    wrapped.set(entry, inner);
    return entry;
  });
  const names = new Set(out.map((e) => e.name));
  for (const m of mechanisms)
    for (const ph of m.phases ?? [])
      if (!names.has(ph.name))
        throw new ScenarioError(
          `${s.name}: mechanism '${m.name}' has phase '${ph.name}', which the scenario's phases leave out (add it to phases, or leave phases out to run the default pipeline followed by the mechanisms' phases)`,
        );
  return out;
}
