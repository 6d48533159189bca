/**
 * Coordinated cheating rings (issue 22). Re-runs are not assigned to named
 * providers in the model, so collusion is modelled as: a sampled job of a ring
 * member escapes with probability c, the ring's share of the re-run capacity
 * (its share of the work). The ring's detection rate is then ρ·(1 − c) per faked
 * job and its break-even sampling rate ρ* / (1 − c). In a hand-built network where
 * c is known exactly, the measured catches match the closed form, a ring that
 * does not collude draws exactly what no ring draws, and adaptive rings that pool
 * their catches converge to the ring break-even: they fake everything at twice the
 * lone break-even (where lone cheaters stop) and stop at twice the ring break-even.
 */
import { describe, expect, it } from "vitest";
import {
  breakEvenSampleRate,
  cheatingProfitUsdPerHour,
  ringBreakEvenSampleRate,
  ringDetectionRate,
} from "../../engine/mechanisms/cheatingEconomics.ts";
import { scenario as attack } from "../../scenarios/cheating-attack.ts";
import { runTable } from "../helpers/runTable.ts";
import { JOBS, runRingWorld, SAVING, SIGMA, STAKE, sumBy } from "./ringWorld.ts";

const F0 = 0.5;
const INPUTS = {
  jobsPerHour: JOBS,
  cheatFraction: F0,
  savingUsdPerJob: SAVING,
  slashFraction: SIGMA,
  stakeTokens: STAKE,
  priceUsd: 1,
  jailHours: 0,
  marginUsdPerHour: 0,
};
const RHO_STAR = breakEvenSampleRate(INPUTS);

describe("ring closed forms", () => {
  it("the ring breaks even at ρ*/(1 − c), where its detection rate is the lone break-even", () => {
    for (const c of [0, 0.2, 0.5, 0.75]) {
      const ringStar = ringBreakEvenSampleRate(INPUTS, c);
      expect(ringStar).toBeCloseTo(RHO_STAR / (1 - c), 15);
      expect(ringDetectionRate(ringStar, c)).toBeCloseTo(RHO_STAR, 15);
      // Cheating by a ring member breaks even there (profit at its detection rate ≈ 0).
      const at = (rho: number) =>
        cheatingProfitUsdPerHour({ ...INPUTS, sampleRate: ringDetectionRate(rho, c) });
      expect(Math.abs(at(ringStar))).toBeLessThan(1e-12);
      expect(at(0.9 * ringStar)).toBeGreaterThan(0);
      expect(at(1.1 * ringStar)).toBeLessThan(0);
    }
    expect(ringBreakEvenSampleRate(INPUTS, 1)).toBe(1);
    expect(ringBreakEvenSampleRate(INPUTS, 0.9999999)).toBe(1);
  });
});

describe("a colluding ring's measured detection rate", () => {
  const rho = 0.004;
  const spec = { lone: 10, ring: 20, honest: 10, sampleRate: rho, cheatFraction: F0 };
  const steps = 1000;
  const bad = JOBS * F0;

  it("the ring holds its share of the work (c = 20/40) and is caught at ρ·(1 − c)", () => {
    const r = runRingWorld({ ...spec, steps, seed: "ring-detection" });
    const c = 0.5;
    expect(r.rings.count).toBe(1);
    expect(sumBy(r.rings, new Float64Array(40).fill(1), true, 40)).toBe(20);
    for (const e of r.escapes) expect(e).toBeCloseTo(c, 15);
    // Per member-step: caught when any of its `bad` faked jobs is sampled and re-run outside the ring.
    const hazard = (q: number) => 1 - (1 - q) ** bad;
    const check = (inRing: boolean, members: number, q: number) => {
      const caught = sumBy(r.rings, r.s.offences, inRing, 40);
      const expected = members * steps * hazard(q);
      const sd = Math.sqrt(expected * (1 - hazard(q)));
      console.log(
        `${inRing ? "ring" : "lone"}: ${caught} catches, closed form ${expected.toFixed(1)} ± ${sd.toFixed(1)}`,
      );
      expect(Math.abs(caught - expected)).toBeLessThan(4 * sd);
      return caught;
    };
    const ringCaught = check(true, 20, ringDetectionRate(rho, c));
    check(false, 10, rho);
    // The ring's own tally agrees with the providers' offences.
    expect(r.rings.catches[0]).toBe(ringCaught);
    expect(r.rings.fakedJobs[0]).toBeCloseTo(20 * steps * bad, 6);
    expect(r.rings.detectionRate()).toBeCloseTo(ringCaught / (20 * steps * bad), 15);
  });

  it("a ring that does not collude is caught as lone cheaters are, draw for draw", () => {
    const off = runRingWorld({ ...spec, steps: 300, seed: "no-collusion", collusion: false });
    const none = runRingWorld({ ...spec, steps: 300, seed: "no-collusion", noRings: true });
    expect(Array.from(off.s.offences)).toEqual(Array.from(none.s.offences));
    expect(off.escapes.every((e) => e === 0)).toBe(true);
    expect(off.rings.catches[0]).toBeGreaterThan(0);
  });
});

describe("adaptive rings converge to the ring break-even ρ*/(1 − c)", () => {
  // 30 of 40 providers in one ring: c = 0.75, ρ*_ring = 4ρ*.
  const spec = { lone: 5, ring: 30, honest: 5, cheatFraction: F0, steps: 150 * 24 };
  const learning = { learningRate: 0.05, priorSampleRate: RHO_STAR, priorWeight: 1 };
  const mean = (r: ReturnType<typeof runRingWorld>, inRing: boolean, k: number) =>
    sumBy(r.rings, r.s.cheatFraction, inRing, 40) / k;

  it("at 2ρ* lone cheaters stop while the pooled ring fakes everything, and finds ρ·(1 − c)", () => {
    const rho = 2 * RHO_STAR;
    const r = runRingWorld({ ...spec, sampleRate: rho, seed: "ring-rise", learning });
    const lone = sumBy(r.rings, r.s.cheatFraction, false, 35) / 5;
    const ring = mean(r, true, 30);
    const caught = sumBy(r.rings, r.s.offences, true, 40);
    const faked = sumBy(r.rings, r.s.fakedJobs, true, 40);
    const q = ringDetectionRate(rho, 0.75);
    console.log(
      `ρ = 2ρ* = ${rho.toExponential(3)}: lone mean fraction ${lone.toFixed(4)}, ring fraction ${ring.toFixed(4)} (one value: ${r.rings.fraction[0]!.toFixed(4)}); pooled catches per faked job ${(caught / faked).toExponential(3)} vs ρ(1 − c) = ${q.toExponential(3)}`,
    );
    expect(lone).toBeLessThan(0.05);
    expect(ring).toBeGreaterThan(0.95);
    expect(r.rings.fraction[0]).toBeCloseTo(ring, 12);
    expect(Math.abs(caught / faked - q)).toBeLessThan(4 * Math.sqrt(q / faked));
  });

  it("at twice the ring break-even (8ρ*) the ring stops too", () => {
    const rho = 2 * ringBreakEvenSampleRate(INPUTS, 0.75);
    const r = runRingWorld({ ...spec, sampleRate: rho, seed: "ring-fall", learning });
    const ring = mean(r, true, 30);
    console.log(`ρ = 8ρ* = ${rho.toExponential(3)}: ring fraction ${ring.toFixed(4)}`);
    expect(ring).toBeLessThan(0.05);
  });
});

describe("rings in the cheating-attack scenario", () => {
  const run = (sets: string[]) => runTable(attack, ["sim.steps=240", ...sets], 3);

  it("rings add their columns only when on; a ring that neither colludes nor pools changes nothing else", async () => {
    const off = await run([]);
    expect(off.table.getChild("ringWorkShare")).toBeNull();
    const inert = await run(["rings.share=0.5", "rings.collusion=false"]);
    const names = off.table.schema.fields.map((f) => f.name);
    for (const name of names)
      expect(Array.from(inert.table.getChild(name)!.toArray() as Float64Array), name).toEqual(
        Array.from(off.table.getChild(name)!.toArray() as Float64Array),
      );
    const share = inert.table.getChild("ringWorkShare")!.toArray() as Float64Array;
    expect(share[0]).toBeGreaterThan(0);
    expect(share[0]).toBeLessThan(1);
  }, 120_000);

  it("colluding rings are caught less: fewer catches than the same cheaters alone", async () => {
    const alone = await run(["rings.share=1", "rings.collusion=false"]);
    const ring = await run(["rings.share=1", "rings.size=0"]);
    const rate = (t: typeof ring.table) =>
      (t.getChild("ringDetectionRate")!.toArray() as Float64Array).at(-1)!;
    const c = (ring.table.getChild("ringWorkShare")!.toArray() as Float64Array)[0]!;
    console.log(
      `cheating-attack, 240 steps: detection per faked job alone ${rate(alone.table).toExponential(3)}, one ring of all cheaters ${rate(ring.table).toExponential(3)} (ring work share at step 0: ${c.toFixed(3)})`,
    );
    expect(rate(ring.table)).toBeLessThan(rate(alone.table));
  }, 120_000);
});
