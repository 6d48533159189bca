import { ScenarioError } from "../errors.ts";
import { STATE_GROUPS, type World } from "../state/world.ts";
import type { Phase } from "./phase.ts";

/**
 * Checks the state declarations of a pipeline's phases (`reads`, `readsPrevious`,
 * `writes`; see {@link Phase}) against each other and against the world:
 *
 * - every key names a mechanism's state in `World`, as a whole group (`"market"`)
 *   or one field of it (`"market.treasuryUsd"`);
 * - a phase that `reads` a key runs after every other phase that writes it
 *   without reading it (it wants this step's value). Phases that read and write
 *   the same state (the market phase and a treasury-spending phase both spend the
 *   treasury) may run in either order: the later one's change reaches the earlier
 *   one on the next step;
 * - a phase that `readsPrevious` a key runs before every other phase that writes
 *   it (it wants the value the previous step left).
 *
 * A pipeline that breaks one is an error naming both phases. Phases that declare
 * nothing are not checked (their `after` constraints still are).
 */
export function checkDependencies(scenarioName: string, phases: readonly Phase[], w: World): void {
  for (const ph of phases)
    for (const key of [...(ph.reads ?? []), ...(ph.readsPrevious ?? []), ...(ph.writes ?? [])])
      checkKey(scenarioName, ph.name, key, w);
  const order = (): string => phases.map((x) => x.name).join(", ");
  phases.forEach((reader, i) => {
    phases.forEach((writer, j) => {
      if (writer === reader) return;
      for (const key of reader.reads ?? []) {
        const written = (writer.writes ?? []).find((k) => overlaps(k, key));
        if (written !== undefined && j > i && !alsoReads(writer, key))
          throw new ScenarioError(
            `${scenarioName}: phase '${reader.name}' reads '${key}' as this step leaves it, and '${writer.name}' writes '${written}', so '${reader.name}' must run after '${writer.name}' (pipeline: ${order()})`,
          );
      }
      for (const key of reader.readsPrevious ?? []) {
        const written = (writer.writes ?? []).find((k) => overlaps(k, key));
        if (written !== undefined && j < i)
          throw new ScenarioError(
            `${scenarioName}: phase '${reader.name}' reads '${key}' as the previous step left it, and '${writer.name}' writes '${written}', so '${reader.name}' must run before '${writer.name}' (pipeline: ${order()})`,
          );
      }
    });
  });
}

function alsoReads(ph: Phase, key: string): boolean {
  return [...(ph.reads ?? []), ...(ph.readsPrevious ?? [])].some((k) => overlaps(k, key));
}

/** Whether two state keys name the same state: equal, or one is the other's group. */
function overlaps(a: string, b: string): boolean {
  return a === b || b.startsWith(`${a}.`) || a.startsWith(`${b}.`);
}

/** The state groups of a run: the built-in mechanisms', then the scenario's own mechanisms'. */
function stateGroups(w: World): string[] {
  return [...STATE_GROUPS, ...w.userMechanisms.filter((m) => m.state).map((m) => m.name)];
}

function checkKey(scenarioName: string, phase: string, key: string, w: World): void {
  const [group, field, ...rest] = key.split(".");
  const where = `${scenarioName}: phase '${phase}' declares state '${key}'`;
  const groups = stateGroups(w);
  if (!groups.includes(group ?? ""))
    throw new ScenarioError(
      `${where}, which is not a mechanism's state (groups: ${groups.join(", ")}; or 'group.field')`,
    );
  if (field === undefined) return;
  const state = (w as unknown as Record<string, object>)[group!]!;
  if (rest.length > 0 || !(field in state))
    throw new ScenarioError(
      `${where}: '${group}' has no field '${[field, ...rest].join(".")}' (fields: ${Object.keys(state).join(", ")})`,
    );
}
