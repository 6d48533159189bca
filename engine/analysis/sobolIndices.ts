/** First- and total-order Sobol indices of each parameter, and the output variance they divide. */
export interface SobolEstimate {
  S1: number[];
  ST: number[];
  variance: number;
}

/** The outputs of a Saltelli design split into f(A), f(B) and f(A_B^i) over the base rows. */
export interface SaltelliOutputs {
  fA: Float64Array;
  fB: Float64Array;
  /** fAB[i][j]: the output at row j of A with column i from B. */
  fAB: Float64Array[];
}

/**
 * Splits per-point outputs in the order of {@link saltelliPoints} (blocks of
 * d + 2: A_j, A_B^1_j, ..., A_B^d_j, B_j) into f(A), f(B) and f(A_B^i).
 */
export function splitSaltelli(y: ArrayLike<number>, d: number, n: number): SaltelliOutputs {
  const fA = new Float64Array(n);
  const fB = new Float64Array(n);
  const fAB = Array.from({ length: d }, () => new Float64Array(n));
  for (let j = 0; j < n; j++) {
    const at = j * (d + 2);
    fA[j] = y[at]!;
    for (let i = 0; i < d; i++) fAB[i]![j] = y[at + 1 + i]!;
    fB[j] = y[at + d + 1]!;
  }
  return { fA, fB, fAB };
}

/**
 * Sobol indices from a Saltelli design, over the base rows `rows` (all by
 * default; a bootstrap passes a resample, duplicates allowed):
 * - V = the variance (1/2n) of the 2n outputs f(A) and f(B);
 * - first order, Saltelli et al. (2010), table 2 (b), with f(B) centred on
 *   the mean m of f(A) and f(B):
 *   S1_i = mean_j (f(B)_j - m) (f(A_B^i)_j - f(A)_j) / V.
 *   Centring leaves the expectation alone (f(A_B^i) - f(A) has mean 0) but
 *   removes a variance term m^2 var(f(A_B^i) - f(A)), which swamps the
 *   estimate when the output's mean is large next to its spread (an end price
 *   near 1 that moves by 1%); SALib standardises the output for this reason;
 * - total order, Jansen (1999), as in Saltelli et al. (2010), table 2 (f):
 *   ST_i = mean_j (f(A)_j - f(A_B^i)_j)^2 / (2 V).
 * These are the estimators of SALib's `sobol.analyze` (calc_second_order off),
 * which standardises the output over all points first, to the same end.
 * With V = 0 (a constant output) every index is NaN.
 */
export function sobolEstimates(out: SaltelliOutputs, rows?: ArrayLike<number>): SobolEstimate {
  const n = rows ? rows.length : out.fA.length;
  const at = (k: number) => (rows ? rows[k]! : k);
  let sum = 0;
  for (let k = 0; k < n; k++) sum += out.fA[at(k)]! + out.fB[at(k)]!;
  const mean = sum / (2 * n);
  let ss = 0;
  for (let k = 0; k < n; k++) ss += (out.fA[at(k)]! - mean) ** 2 + (out.fB[at(k)]! - mean) ** 2;
  const variance = ss / (2 * n);
  const S1: number[] = [];
  const ST: number[] = [];
  for (const ab of out.fAB) {
    let first = 0;
    let total = 0;
    for (let k = 0; k < n; k++) {
      const j = at(k);
      first += (out.fB[j]! - mean) * (ab[j]! - out.fA[j]!);
      total += (out.fA[j]! - ab[j]!) ** 2;
    }
    S1.push(variance > 0 ? first / n / variance : Number.NaN);
    ST.push(variance > 0 ? total / n / (2 * variance) : Number.NaN);
  }
  return { S1, ST, variance };
}
