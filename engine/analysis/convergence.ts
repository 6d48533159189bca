/** Whether a Sobol analysis's N was large enough, and why not. */
export interface Convergence {
  converged: boolean;
  /** The widest confidence interval of any S1 or ST. */
  widestInterval: number;
  /** Where it is: `S1[key]` or `ST[key]`. */
  widestAt: string;
  /** The largest change of any S1 or ST between the first N/2 base rows and all N. */
  halfChange: number;
  /** The rule applied, in words. */
  rule: string;
  /** One line: converged, or N too small and roughly how many base rows would do. */
  message: string;
}

/** Default largest interval width accepted (absolute, on indices in [0, 1]). */
export const MAX_WIDTH = 0.1;

/**
 * The convergence rule: N base rows are enough when every S1 and ST has a
 * confidence interval at most `maxWidth` wide AND no index moves by more than
 * maxWidth / 2 between the first N/2 base rows and all N (with Sobol points
 * and N a power of 2, the first N/2 rows are a balanced design of their own).
 * When not, the advice scales N by (widest / maxWidth)^2 (intervals narrow as
 * 1 / sqrt(N)), rounded up to a power of 2.
 */
export function convergence(
  n: number,
  keys: readonly string[],
  full: { S1: number[]; ST: number[] },
  half: { S1: number[]; ST: number[] },
  intervals: { S1: [number, number][]; ST: [number, number][] },
  maxWidth = MAX_WIDTH,
): Convergence {
  let widestInterval = 0;
  let widestAt = "";
  let halfChange = 0;
  for (const which of ["S1", "ST"] as const)
    keys.forEach((k, i) => {
      const [lo, hi] = intervals[which][i]!;
      if (hi - lo > widestInterval) {
        widestInterval = hi - lo;
        widestAt = `${which}[${k}]`;
      }
      halfChange = Math.max(halfChange, Math.abs(full[which][i]! - half[which][i]!));
    });
  const converged = widestInterval <= maxWidth && halfChange <= maxWidth / 2;
  const rule = `converged when every S1 and ST interval is at most ${maxWidth} wide and no index changes by more than ${maxWidth / 2} between N/2 and N base rows`;
  const need = 2 ** Math.ceil(Math.log2(Math.max(2 * n, n * (widestInterval / maxWidth) ** 2)));
  const why = [
    widestInterval > maxWidth
      ? `widest interval ${widestAt} ${widestInterval.toFixed(3)} > ${maxWidth}`
      : "",
    halfChange > maxWidth / 2 ? `an index moved ${halfChange.toFixed(3)} between N/2 and N` : "",
  ].filter(Boolean);
  const message = converged
    ? `N=${n} converged (widest interval ${widestInterval.toFixed(3)}, N/2 change ${halfChange.toFixed(3)})`
    : `N=${n} too small: ${why.join("; ")}; try --samples ${need}`;
  return { converged, widestInterval, widestAt, halfChange, rule, message };
}
