/**
 * Runs that did not complete ok, as the dashboard shows them: first, with the
 * invariant that broke, the step and the values it saw, and left out of every
 * band and statistic.
 */

/** One run of a point that failed an invariant or crashed. */
export interface RunFailure {
  run: number;
  seed: number;
  /** failed: an invariant broke (the same seed fails again); error: the run threw. */
  status: "failed" | "error";
  /** The engine's message, as recorded. */
  message: string;
  /** The invariant that broke (`supplyConservation`...), when it was one. */
  invariant?: string;
  /** The step at which it broke. */
  step?: number;
  /** The values the invariant saw there. */
  values?: Record<string, number>;
  /** Steps the run completed before it stopped. */
  stepsCompleted: number;
  /** Whether its per-step file (up to the failing step) is in the result. */
  hasSteps: boolean;
}

/** What a single run's summary.json says of its failure. */
export interface RecordedFailure {
  invariant: string;
  step: number;
  message: string;
  values: Record<string, number>;
}

const INVARIANT = /^invariant '([^']+)' violated at step (\d+)(?: \((.*)\))?: (.*)$/s;

/**
 * The invariant, step and values of an invariant failure's message
 * (`invariant 'supplyConservation' violated at step 42: supply=1, expected=2`,
 * as `InvariantViolation` words it: a sweep's run record keeps only the
 * message); an empty object for any other message.
 */
export function parseFailure(
  message: string,
): Partial<Pick<RunFailure, "invariant" | "step" | "values">> {
  const m = INVARIANT.exec(message);
  if (!m) return {};
  const values: Record<string, number> = {};
  for (const pair of m[4]!.split(", ")) {
    const eq = pair.lastIndexOf("=");
    if (eq > 0) values[pair.slice(0, eq)] = Number(pair.slice(eq + 1));
  }
  return { invariant: m[1]!, step: Number(m[2]), values };
}

/** A value as the failure list shows it: plain under 1e9, else in exponent form (3e+83). */
export function failureValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e9 || a < 1e-4)) return v.toExponential(3).replace(/\.?0+e/, "e");
  return String(Number(v.toPrecision(6)));
}

/** A failure in one line: "invariant 'x' broke at step 42 (day 1.8): a=1, b=3e+83". */
export function failureLine(f: RunFailure, stepHours: number): string {
  if (f.invariant === undefined || f.step === undefined)
    return `${f.status === "error" ? "crashed" : "failed"}: ${f.message || "no message recorded"}`;
  const day = Number(((f.step * stepHours) / 24).toFixed(1));
  const values = Object.entries(f.values ?? {})
    .map(([k, v]) => `${k} = ${failureValue(v)}`)
    .join(", ");
  return `invariant '${f.invariant}' broke at step ${f.step} (day ${day})${values ? `: ${values}` : ""}`;
}

/** "2 of 4 runs failed" / "the run failed" / "all 3 runs failed", for captions. */
export function failedCount(failed: number, total: number): string {
  if (total === 1) return "the run failed";
  if (failed === total) return `all ${total} runs failed`;
  return `${failed} of ${total} runs failed`;
}
