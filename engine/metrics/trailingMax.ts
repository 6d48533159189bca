/**
 * Running maximum over the last `window` observations (a monotonic deque in
 * ring buffers): O(1) amortised per push, no allocation after construction.
 */
export class TrailingMax {
  private readonly at: Int32Array;
  private readonly val: Float64Array;
  private head = 0;
  private size = 0;
  private n = 0;

  constructor(readonly window: number) {
    this.at = new Int32Array(window + 1);
    this.val = new Float64Array(window + 1);
  }

  /** Adds the next observation and returns the maximum of the last `window` ones. */
  push(x: number): number {
    const cap = this.at.length;
    const t = this.n++;
    // Drop from the back every value not above the new one.
    while (this.size > 0 && this.val[(this.head + this.size - 1) % cap]! <= x) this.size--;
    const back = (this.head + this.size) % cap;
    this.at[back] = t;
    this.val[back] = x;
    this.size++;
    // Drop from the front what left the window.
    while (this.at[this.head]! <= t - this.window) {
      this.head = (this.head + 1) % cap;
      this.size--;
    }
    return this.val[this.head]!;
  }
}
