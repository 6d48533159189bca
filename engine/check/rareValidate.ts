import { ScenarioError, TokensimError } from "../errors.ts";
import { parseRareEvent } from "../rare/event.ts";
import type { RareAssertion } from "./spec.ts";

/**
 * Checks `checks.rare` before anything runs: names unique (among the
 * assertions too), the event and score known, the bound a probability in
 * (0, 1], the sizes integers ≥ 2. Errors name the file and the assertion.
 */
export function validateRareAssertions(
  file: string,
  rare: unknown,
  taken: ReadonlySet<string>,
): void {
  if (rare === undefined) return;
  if (!Array.isArray(rare)) throw new ScenarioError(`${file}: checks.rare must be an array`);
  const names = new Set(taken);
  for (const a of rare as RareAssertion[]) {
    if (!a || typeof a !== "object" || !a.name)
      throw new ScenarioError(`${file}: every rare assertion needs a name`);
    const where = `${file}: rare assertion '${a.name}'`;
    if (names.has(a.name)) throw new ScenarioError(`${file}: two assertions are named '${a.name}'`);
    names.add(a.name);
    if (typeof a.event !== "string")
      throw new ScenarioError(`${where} needs an event (spiral, drawdown>X or exodus>X)`);
    try {
      parseRareEvent(a.event, a.score);
    } catch (err) {
      if (err instanceof TokensimError) throw new ScenarioError(`${where}: ${err.message}`);
      throw err;
    }
    if (!(typeof a.lessThan === "number" && a.lessThan > 0 && a.lessThan <= 1))
      throw new ScenarioError(
        `${where} needs lessThan, a probability in (0, 1] (got ${a.lessThan})`,
      );
    for (const k of ["particles", "replicas"] as const) {
      const v = a[k];
      if (v !== undefined && !(Number.isInteger(v) && v >= 2))
        throw new ScenarioError(`${where}: ${k} must be an integer >= 2 (got ${v})`);
    }
    for (const k of ["runs", "steps"] as const) {
      const v = a.budget?.[k];
      if (v !== undefined && !(Number.isInteger(v) && v > 0))
        throw new ScenarioError(`${where}: budget.${k} must be a positive integer (got ${v})`);
    }
    if (a.seed !== undefined && !(Number.isInteger(a.seed) && a.seed >= 0))
      throw new ScenarioError(`${where}: seed must be a non-negative integer (got ${a.seed})`);
  }
}
