/**
 * Latency histograms: HdrHistogram (hdr-histogram-js) over integer microseconds, 3
 * significant digits (0.1 % relative precision; exact to 1 µs below 2 ms), auto-resizing, so
 * memory stays fixed whatever the number of requests. Exact count, sum, min and max are kept
 * beside it. Serialised as HdrHistogram's standard compressed V2 encoding (base64), which
 * other HdrHistogram tools read, and merged across worker threads from that form.
 */
import * as hdr from "hdr-histogram-js";

/** Serialised form of a {@link LatencyHistogram} (structured-clone and JSON safe). */
export interface HistogramData {
  /** HdrHistogram V2 compressed encoding, base64, of the values in microseconds. */
  readonly encoding: "hdr-v2-compressed-base64";
  readonly unit: "us";
  readonly data: string;
  /** Exact statistics of the recorded values, ms (min/max null when empty). */
  readonly count: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
}

/** Summary quantiles of a histogram, ms. */
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

const US_PER_MS = 1000;

function newHdr(): hdr.Histogram {
  return hdr.build({
    bitBucketSize: 32,
    autoResize: true,
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000, // 1 h in µs; grows if a value is larger
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
}

/** A histogram of durations in milliseconds (recorded as whole microseconds). */
export class LatencyHistogram {
  private readonly h: hdr.Histogram;
  count = 0;
  sum = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;

  constructor(h: hdr.Histogram = newHdr()) {
    this.h = h;
  }

  /** Records a duration in ms (`times` occurrences). Negative and non-finite values are ignored. */
  record(ms: number, times = 1): void {
    if (!Number.isFinite(ms) || ms < 0 || times <= 0) return;
    this.h.recordValueWithCount(Math.round(ms * US_PER_MS), times);
    this.count += times;
    this.sum += ms * times;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  /** Value at quantile q in [0, 1], ms; NaN when empty. Clamped to the exact min and max. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const v = this.h.getValueAtPercentile(Math.min(100, Math.max(0, q * 100))) / US_PER_MS;
    return Math.min(this.max, Math.max(this.min, v));
  }

  /** Exact mean of the recorded values, ms; NaN when empty. */
  mean(): number {
    return this.count === 0 ? Number.NaN : this.sum / this.count;
  }

  /** Adds another histogram's values. */
  merge(other: LatencyHistogram | HistogramData): this {
    const o = other instanceof LatencyHistogram ? other : LatencyHistogram.from(other);
    if (o.count === 0) return this;
    this.h.add(o.h);
    this.count += o.count;
    this.sum += o.sum;
    this.min = Math.min(this.min, o.min);
    this.max = Math.max(this.max, o.max);
    return this;
  }

  /** Quantile summary (p50, p90, p95, p99, mean, min, max), ms. */
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

  /** The serialisable form. */
  toJSON(): HistogramData {
    const empty = this.count === 0;
    return {
      encoding: "hdr-v2-compressed-base64",
      unit: "us",
      data: hdr.encodeIntoCompressedBase64(this.h),
      count: this.count,
      sum: this.sum,
      min: empty ? null : this.min,
      max: empty ? null : this.max,
    };
  }

  /** Rebuilds a histogram from {@link LatencyHistogram.toJSON} output. */
  static from(data: HistogramData): LatencyHistogram {
    if (data.encoding !== "hdr-v2-compressed-base64" || data.unit !== "us") {
      throw new Error(`unsupported histogram encoding ${data.encoding} (${data.unit})`);
    }
    const decoded = hdr.decodeFromCompressedBase64(data.data, 32, false);
    decoded.autoResize = true;
    const h = new LatencyHistogram(decoded);
    h.count = data.count;
    h.sum = data.sum;
    if (data.count > 0 && data.min !== null && data.max !== null) {
      h.min = data.min;
      h.max = data.max;
    }
    return h;
  }
}
