import { EnvironmentError } from "./errors.ts";

/**
 * A discrete action space (Gymnasium's `Discrete(n)`): an action is an integer
 * index `0 ≤ a < n` into `values`, the number the agent class applies (a cheat
 * fraction, a share of holdings to trade), each with a label for reports.
 */
export interface DiscreteSpace {
  readonly kind: "discrete";
  /** Number of actions. */
  readonly n: number;
  /** The value each action index applies (in the agent class's unit). */
  readonly values: readonly number[];
  /** What the values mean, with their unit. */
  readonly unit: string;
}

/**
 * A discrete space over `values`, each checked to be finite and within
 * `[min, max]` (the agent class's valid range); at least one value, no duplicates.
 */
export function discreteSpace(
  values: readonly number[],
  unit: string,
  min: number,
  max: number,
  what: string,
): DiscreteSpace {
  if (!Array.isArray(values) || values.length === 0)
    throw new EnvironmentError(`${what}: the action values must be a non-empty list of numbers`);
  const seen = new Set<number>();
  for (const v of values) {
    if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max)
      throw new EnvironmentError(
        `${what}: action value ${String(v)} is not a number in [${min}, ${max}] (${unit})`,
      );
    if (seen.has(v)) throw new EnvironmentError(`${what}: action value ${v} is listed twice`);
    seen.add(v);
  }
  return { kind: "discrete", n: values.length, values: [...values], unit };
}

/** The value of action `a`, or an {@link EnvironmentError} naming the valid range. */
export function actionValue(space: DiscreteSpace, a: unknown): number {
  if (typeof a !== "number" || !Number.isInteger(a) || a < 0 || a >= space.n)
    throw new EnvironmentError(
      `action ${typeof a === "number" ? a : JSON.stringify(a)} is not in the action space: an integer 0..${space.n - 1} (values ${space.values.join(", ")} ${space.unit})`,
    );
  return space.values[a]!;
}
