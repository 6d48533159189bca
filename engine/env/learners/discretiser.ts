import { EnvironmentError } from "../errors.ts";

/**
 * Maps an observation to a table row: each listed observation key is cut at its
 * bin edges (value < edges[0] → bin 0, edges[0] ≤ value < edges[1] → bin 1, ...,
 * so `edges.length + 1` bins), and the bins combine in the keys' order. With no
 * keys there is one state (the learner is then a bandit).
 */
export class Discretiser {
  /** Number of states. */
  readonly states: number;
  private readonly keys: readonly string[];
  private readonly edges: readonly (readonly number[])[];

  constructor(
    observationKeys: readonly string[],
    bins: Readonly<Record<string, readonly number[]>>,
  ) {
    const keys = Object.keys(bins);
    for (const k of keys) {
      if (!observationKeys.includes(k))
        throw new EnvironmentError(
          `bins: '${k}' is not an observation key (${observationKeys.join(", ")})`,
        );
      const e = bins[k]!;
      if (!e.every((x, i) => Number.isFinite(x) && (i === 0 || x > e[i - 1]!)))
        throw new EnvironmentError(`bins: the edges of '${k}' must be finite and increasing`);
    }
    // Observation order, so that the state index does not depend on how bins were written.
    this.keys = observationKeys.filter((k) => keys.includes(k));
    this.edges = this.keys.map((k) => bins[k]!);
    this.states = this.edges.reduce((n, e) => n * (e.length + 1), 1);
  }

  /** The state index of an observation. */
  state(obs: object): number {
    let s = 0;
    for (let j = 0; j < this.keys.length; j++) {
      const e = this.edges[j]!;
      const v = (obs as Record<string, number>)[this.keys[j]!]!;
      let b = 0;
      while (b < e.length && v >= e[b]!) b++;
      s = s * (e.length + 1) + b;
    }
    return s;
  }
}
