import { ScenarioError } from "../errors.ts";
import { closestPaths } from "../params/overrides.ts";
import { validateRareAssertions } from "./rareValidate.ts";
import type { CheckSpec } from "./spec.ts";

/** Names of the headline figures of a run summary (valid assertion metrics). */
export const HEADLINE_METRICS = [
  "priceStartUsd",
  "priceEndUsd",
  "priceChangePct",
  "maxDrawdownPct",
  "supplyStartTokens",
  "supplyEndTokens",
  "supplyChangePct",
  "mintedTokens",
  "burnedTokens",
  "slashedTokens",
  "providersStart",
  "providersActiveEnd",
  "providersActivePeak",
  "entrants",
  "exits",
  "jobsArrived",
  "jobsServed",
  "jobsDropped",
  "dropRate",
  "revenueUsd",
  "meanUtilisation",
  "cheatersCaught",
  "falseFlags",
] as const;

const unknown = (file: string, what: string, name: string, known: readonly string[]) =>
  new ScenarioError(
    `${file}: ${what} refers to unknown metric '${name}'. Closest: ${closestPaths(name, known).join(", ")}`,
  );

/**
 * Checks a scenario's `checks` export before anything runs: every metric exists,
 * every threshold is possible, every field has the right shape. Errors name the
 * file and the problem.
 */
export function validateChecks(
  file: string,
  spec: unknown,
  columns: readonly string[],
  runOutcomes: readonly string[] = [],
): CheckSpec {
  if (!spec || typeof spec !== "object")
    throw new ScenarioError(`${file}: exports no 'checks' object`);
  const s = spec as CheckSpec;
  if (!Array.isArray(s.assertions))
    throw new ScenarioError(`${file}: checks.assertions must be an array`);
  const outcomes = Object.keys(s.outcomes ?? {});
  for (const [name, f] of Object.entries(s.outcomes ?? {})) {
    if (typeof f !== "function")
      throw new ScenarioError(`${file}: checks.outcomes.${name} must be a function of the run`);
  }
  for (const name of outcomes) {
    if (runOutcomes.includes(name) || (HEADLINE_METRICS as readonly string[]).includes(name))
      throw new ScenarioError(
        `${file}: checks.outcomes.${name} has the name of a ${runOutcomes.includes(name) ? "run outcome the scenario declares" : "headline figure"}; give it another`,
      );
  }
  for (const name of runOutcomes) {
    if ((HEADLINE_METRICS as readonly string[]).includes(name))
      throw new ScenarioError(
        `${file}: the scenario declares outcome '${name}', the name of a headline figure; give it another`,
      );
  }
  const metrics = [...HEADLINE_METRICS, ...runOutcomes, ...outcomes];
  const positive = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) {
      throw new ScenarioError(`${file}: checks.${name} must be a positive integer (got ${v})`);
    }
  };
  positive("runs", s.runs);
  positive("batchRuns", s.batchRuns);
  positive("maxRuns", s.maxRuns);
  if (s.confidence !== undefined && !(s.confidence > 0.5 && s.confidence < 1)) {
    throw new ScenarioError(`${file}: checks.confidence must be in (0.5, 1) (got ${s.confidence})`);
  }
  const names = new Set<string>();
  for (const a of s.assertions) {
    const where = `assertion '${a.name}'`;
    if (!a.name) throw new ScenarioError(`${file}: every assertion needs a name`);
    if (names.has(a.name)) throw new ScenarioError(`${file}: two assertions are named '${a.name}'`);
    names.add(a.name);
    if (typeof a.metric !== "string")
      throw new ScenarioError(
        `${file}: ${where} needs a metric (a headline figure or one of checks.outcomes)`,
      );
    if (!metrics.includes(a.metric)) throw unknown(file, where, a.metric, metrics);
    if ((a.lessThan === undefined) === (a.greaterThan === undefined)) {
      throw new ScenarioError(`${file}: ${where} needs exactly one of lessThan or greaterThan`);
    }
    const threshold = (a.lessThan ?? a.greaterThan)!;
    if (!Number.isFinite(threshold))
      throw new ScenarioError(`${file}: ${where} has a non-finite threshold`);
    if (a.stat === "probability") {
      const e = a.event;
      if (!e || (e.below === undefined) === (e.above === undefined)) {
        throw new ScenarioError(
          `${file}: ${where} needs an event with exactly one of below or above`,
        );
      }
      if (
        (a.lessThan !== undefined && (a.lessThan <= 0 || a.lessThan > 1)) ||
        (a.greaterThan !== undefined && (a.greaterThan < 0 || a.greaterThan >= 1))
      ) {
        throw new ScenarioError(
          `${file}: ${where}: a probability can never be ${a.lessThan !== undefined ? `< ${a.lessThan}` : `> ${a.greaterThan}`}`,
        );
      }
    } else if (a.stat === "quantile") {
      if (a.q === undefined || !(a.q > 0 && a.q < 1))
        throw new ScenarioError(`${file}: ${where} needs q in (0, 1)`);
    } else if (a.stat !== "mean") {
      throw new ScenarioError(
        `${file}: ${where} has unknown stat '${String(a.stat)}' (probability, quantile or mean)`,
      );
    }
  }
  validateRareAssertions(file, s.rare, names);
  for (const inv of s.stepInvariants ?? []) {
    if (typeof inv.metric !== "string")
      throw new ScenarioError(`${file}: step invariant '${inv.name}' needs a metric (a column)`);
    if (!columns.includes(inv.metric))
      throw unknown(file, `step invariant '${inv.name}'`, inv.metric, columns);
    if (inv.min === undefined && inv.max === undefined) {
      throw new ScenarioError(`${file}: step invariant '${inv.name}' needs min or max`);
    }
    if (inv.min !== undefined && inv.max !== undefined && inv.min > inv.max) {
      throw new ScenarioError(
        `${file}: step invariant '${inv.name}' has min > max: it can never hold`,
      );
    }
  }
  for (const m of s.drift?.metrics ?? []) {
    if (!metrics.includes(m)) throw unknown(file, "checks.drift.metrics", m, metrics);
  }
  return s;
}
