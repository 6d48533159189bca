/**
 * A small log-bucketed histogram (HDR-style): constant memory, ~1 % relative error on
 * quantiles, mergeable across worker threads, serialisable as sparse bucket counts.
 */

/** Serialised form of a {@link LogHistogram}: sparse `[bucketIndex, count]` pairs. */
export interface HistogramData {
  readonly minValue: number;
  readonly maxValue: number;
  readonly precision: number;
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly buckets: ReadonlyArray<readonly [number, number]>;
}

/** Summary quantiles of a histogram (same unit as the recorded values). */
export interface HistogramSummary {
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

/**
 * Histogram over [minValue, maxValue] with geometric buckets of ratio (1 + precision).
 * Values below minValue go to bucket 0, values above maxValue to the last bucket; exact
 * min, max, sum and count are tracked separately.
 */
export class LogHistogram {
  readonly minValue: number;
  readonly maxValue: number;
  readonly precision: number;
  private readonly logBase: number;
  private readonly counts: Uint32Array;
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  constructor(minValue = 0.001, maxValue = 1e7, precision = 0.01) {
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.precision = precision;
    this.logBase = Math.log1p(precision);
    const n = Math.ceil(Math.log(maxValue / minValue) / this.logBase) + 2;
    this.counts = new Uint32Array(n);
  }

  private indexOf(v: number): number {
    if (!(v > this.minValue)) return 0;
    const i = Math.floor(Math.log(v / this.minValue) / this.logBase) + 1;
    return Math.min(i, this.counts.length - 1);
  }

  /** Representative value (geometric midpoint) of bucket i. */
  private valueOf(i: number): number {
    if (i === 0) return this.minValue;
    return this.minValue * Math.exp((i - 0.5) * this.logBase);
  }

  /** Records one value (`times` occurrences). Non-finite values are ignored. */
  record(v: number, times = 1): void {
    if (!Number.isFinite(v)) return;
    const i = this.indexOf(v);
    this.counts[i] = (this.counts[i] ?? 0) + times;
    this.count += times;
    this.sum += v * times;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }

  /** Value at quantile q in [0, 1]; NaN when empty. Clamped to the exact min/max. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, this.valueOf(i)));
    }
    return this.max;
  }

  /** Mean of the recorded values; NaN when empty. */
  mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  /** Adds another histogram's counts (must have the same bucket layout). */
  merge(other: LogHistogram | HistogramData): this {
    const data = other instanceof LogHistogram ? other.toJSON() : other;
    if (
      data.minValue !== this.minValue ||
      data.maxValue !== this.maxValue ||
      data.precision !== this.precision
    ) {
      throw new Error("cannot merge histograms with different bucket layouts");
    }
    for (const [i, c] of data.buckets) this.counts[i] = (this.counts[i] ?? 0) + c;
    this.count += data.count;
    this.sum += data.sum;
    if (data.count > 0) {
      this.min = Math.min(this.min, data.min);
      this.max = Math.max(this.max, data.max);
    }
    return this;
  }

  /** Quantile summary (p50, p90, p95, p99, mean, min, max). */
  summary(): HistogramSummary {
    const empty = this.count === 0;
    return {
      count: this.count,
      mean: this.mean(),
      min: empty ? Number.NaN : this.min,
      p50: this.quantile(0.5),
      p90: this.quantile(0.9),
      p95: this.quantile(0.95),
      p99: this.quantile(0.99),
      max: empty ? Number.NaN : this.max,
    };
  }

  /** Sparse serialisable form (structured-clone and JSON safe). */
  toJSON(): HistogramData {
    const buckets: [number, number][] = [];
    for (let i = 0; i < this.counts.length; i++) {
      const c = this.counts[i] ?? 0;
      if (c > 0) buckets.push([i, c]);
    }
    return {
      minValue: this.minValue,
      maxValue: this.maxValue,
      precision: this.precision,
      count: this.count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      buckets,
    };
  }

  /** Rebuilds a histogram from {@link LogHistogram.toJSON} output. */
  static from(data: HistogramData): LogHistogram {
    return new LogHistogram(data.minValue, data.maxValue, data.precision).merge(data);
  }
}
