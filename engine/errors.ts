/** Base of tokensim's errors: each carries a stable `code` for programs to match. */
export class TokensimError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The built-in invariants, by the name under which violations are reported. */
export type BuiltInInvariantName =
  | "supply-conservation"
  | "non-negative-balance"
  | "amm-product"
  | "job-conservation"
  | "slash-within-stake";

/**
 * An invariant's name as a violation reports it: a built-in one, or a scenario's
 * mechanism's `<mechanism>.<invariant>` (see `defineMechanism`).
 */
export type InvariantName = BuiltInInvariantName | `${string}.${string}`;

/** An invariant failed: names the invariant, the step and the values involved. */
export class InvariantViolation extends TokensimError {
  readonly invariant: InvariantName;
  readonly step: number;
  readonly values: Readonly<Record<string, number>>;
  constructor(
    invariant: InvariantName,
    step: number,
    values: Record<string, number>,
    detail: string | undefined = "",
  ) {
    const shown = Object.entries(values)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    super(
      "TOKENSIM_INVARIANT",
      `invariant '${invariant}' violated at step ${step}${detail ? ` (${detail})` : ""}: ${shown}`,
    );
    this.invariant = invariant;
    this.step = step;
    this.values = values;
  }
}

/** A scenario parameter or override is wrong; the message is for the user as it stands. */
export class ParameterError extends TokensimError {
  constructor(message: string) {
    super("TOKENSIM_PARAMETER", message);
  }
}

/** A scenario module cannot be loaded or is malformed. */
export class ScenarioError extends TokensimError {
  constructor(message: string) {
    super("TOKENSIM_SCENARIO", message);
  }
}
