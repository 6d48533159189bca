import { describe, expect, it } from "vitest";
import {
  flowLatencyQuantile,
  type MatchInput,
  matchJobs,
} from "../../engine/mechanisms/matching.ts";

/** Two regions, 10 ms locally and 100 ms across; timeout 3 steps. */
function setup(capA: number, capB: number, maxLatencyMs = 1000): MatchInput {
  return {
    nRegions: 2,
    timeout: 3,
    capacityJobs: Float64Array.from([capA, capB]),
    latencyMs: Float64Array.from([10, 100, 100, 10]),
    nearest: Int32Array.from([0, 1, 1, 0]),
    maxLatencyMs,
  };
}

describe("matching", () => {
  it("serves locally first, then from the next-nearest region", () => {
    const m = setup(5, 100);
    const queue = Float64Array.from([20, 0, 0, 3, 0, 0]); // region 0: 20 new jobs; region 1: 3
    const flows = new Float64Array(4);
    const r = matchJobs(m, queue, flows);
    expect(r.served).toBe(23);
    expect(Array.from(flows)).toEqual([5, 15, 0, 3]);
    expect(r.dropped).toBe(0);
  });

  it("respects the latency limit", () => {
    const m = setup(5, 100, 50);
    const queue = Float64Array.from([20, 0, 0, 0, 0, 0]);
    const flows = new Float64Array(4);
    const r = matchJobs(m, queue, flows);
    expect(r.served).toBe(5);
    // The 15 unserved jobs have aged one step.
    expect(Array.from(queue)).toEqual([0, 15, 0, 0, 0, 0]);
  });

  it("serves the oldest jobs first and drops those that reach the timeout", () => {
    const m = setup(4, 0, 50);
    const queue = Float64Array.from([3, 2, 5, 0, 0, 0]); // ages 0, 1, 2
    const flows = new Float64Array(4);
    const r = matchJobs(m, queue, flows);
    // 4 capacity: all 5 of age 2? no: oldest first takes 4 of age 2, leaving 1 to drop.
    expect(r.served).toBe(4);
    expect(r.waitSteps).toBe(8);
    expect(r.dropped).toBe(1);
    expect(Array.from(queue)).toEqual([0, 3, 2, 0, 0, 0]);
  });

  it("conserves jobs over many steps: arrived = served + queued + dropped", () => {
    const m = setup(0, 0);
    const queue = new Float64Array(6);
    const flows = new Float64Array(4);
    let arrived = 0;
    let served = 0;
    let dropped = 0;
    for (let t = 0; t < 200; t++) {
      const a0 = (t * 7) % 13;
      const a1 = (t * 5) % 11;
      queue[0]! += a0;
      queue[3]! += a1;
      arrived += a0 + a1;
      m.capacityJobs[0] = (t * 3) % 9;
      m.capacityJobs[1] = (t * 2) % 7;
      const r = matchJobs(m, queue, flows);
      served += r.served;
      dropped += r.dropped;
      const queued = queue.reduce((a, b) => a + b, 0);
      expect(arrived).toBe(served + queued + dropped);
    }
    expect(dropped).toBeGreaterThan(0);
  });

  it("computes weighted latency quantiles over flows", () => {
    const flows = Float64Array.from([90, 10, 0, 0]);
    const scratch = {
      value: new Float64Array(4),
      weight: new Float64Array(4),
      order: new Int32Array(4),
    };
    const service = Float64Array.from([5, 5]);
    const lat = Float64Array.from([10, 100, 100, 10]);
    expect(flowLatencyQuantile(flows, lat, service, 2, 0.5, scratch)).toBe(15);
    expect(flowLatencyQuantile(flows, lat, service, 2, 0.95, scratch)).toBe(105);
    expect(flowLatencyQuantile(new Float64Array(4), lat, service, 2, 0.5, scratch)).toBe(0);
  });
});
