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
    // Ring positions wrap by comparison (head and size stay below cap): an
    // integer `%` per access cost more than the rest of the push.
    const head = this.head;
    // Drop from the back every value not above the new one.
    let size = this.size;
    while (size > 0) {
      let last = head + size - 1;
      if (last >= cap) last -= cap;
      if (!(this.val[last]! <= x)) break;
      size--;
    }
    let back = head + size;
    if (back >= cap) back -= cap;
    this.at[back] = t;
    this.val[back] = x;
    size++;
    // Drop from the front what left the window.
    let front = head;
    while (this.at[front]! <= t - this.window) {
      front++;
      if (front === cap) front = 0;
      size--;
    }
    this.head = front;
    this.size = size;
    return this.val[front]!;
  }
}
