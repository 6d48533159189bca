import { ScenarioError } from "../errors.ts";
import type { World } from "../state/world.ts";

/**
 * A per-step output column that a phase or a scenario adds to `steps.arrow`,
 * after the built-in ones: its name, unit, meaning, and how to read its value
 * from the world after each step (a phase's column may read the phase's own
 * closure state). The built-in columns have the same shape.
 */
export interface Column {
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  read(w: World): number;
}

/** Declares a {@link Column}. */
export function column(
  name: string,
  unit: string,
  description: string,
  read: (w: World) => number,
): Column {
  return { name, unit, description, read };
}

/**
 * A per-run figure that a phase or a scenario adds to the run's summary
 * (`summary.outcomes`), to a sweep's tables (`outcome.<name>` in runs.arrow and
 * its statistics in sweep.arrow) and to the metrics `tokensim check` assertions
 * can name. Read once, after the last step and the phases' `end` hooks.
 */
export interface RunOutcome {
  readonly unit: string;
  readonly description: string;
  read(w: World): number;
}

/** A run's declared outputs, in order: the scenario's, then each phase's in pipeline order. */
export interface DeclaredOutputs {
  columns: Column[];
  outcomes: [string, RunOutcome][];
}

/** What declares outputs: a scenario or a phase. */
interface Declares {
  readonly name: string;
  readonly columns?: readonly Column[];
  readonly outcomes?: Readonly<Record<string, RunOutcome>>;
}

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Collects the columns and outcomes that a scenario and its phases declare,
 * checking them: names are identifiers, unique, and no column takes a built-in
 * column's name. Errors name the scenario, the declaring phase and the problem.
 */
export function declaredOutputs(
  scenarioName: string,
  sources: readonly Declares[],
  builtInColumns: readonly string[],
): DeclaredOutputs {
  const out: DeclaredOutputs = { columns: [], outcomes: [] };
  const columnOwner = new Map<string, string>(
    builtInColumns.map((n) => [n, "the built-in columns"]),
  );
  const outcomeOwner = new Map<string, string>();
  const fail = (msg: string) => new ScenarioError(`${scenarioName}: ${msg}`);
  for (const src of sources) {
    const who = src === sources[0] ? "the scenario" : `phase '${src.name}'`;
    for (const c of src.columns ?? []) {
      if (!c || typeof c.read !== "function")
        throw fail(`${who} declares a column without a read(w) function`);
      if (!NAME.test(c.name))
        throw fail(
          `${who} declares column '${c.name}': a name is a letter then letters, digits or _`,
        );
      const owner = columnOwner.get(c.name);
      if (owner) throw fail(`${who} declares column '${c.name}', which ${owner} already has`);
      columnOwner.set(c.name, who);
      out.columns.push(c);
    }
    for (const [name, o] of Object.entries(src.outcomes ?? {})) {
      if (!o || typeof o.read !== "function")
        throw fail(`${who} declares outcome '${name}' without a read(w) function`);
      if (!NAME.test(name))
        throw fail(
          `${who} declares outcome '${name}': a name is a letter then letters, digits or _`,
        );
      const owner = outcomeOwner.get(name);
      if (owner) throw fail(`${who} declares outcome '${name}', which ${owner} already declares`);
      outcomeOwner.set(name, who);
      out.outcomes.push([name, o]);
    }
  }
  return out;
}
