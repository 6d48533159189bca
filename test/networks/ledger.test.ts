import { describe, expect, it } from "vitest";
import { checkInvariants } from "../../engine/invariants.ts";
import { Competition } from "../../engine/networks/compete.ts";
import { OUTSIDE } from "../../engine/networks/owners.ts";
import { Status } from "../../engine/state/providers.ts";
import { twinStudy } from "./fixtures.ts";

describe("moves keep every network's ledger exact", () => {
  it("audits every step of a run with many moves; owners and provider slots agree", () => {
    // An uneven start and a doubled emission on b: owners move both ways.
    const c = new Competition(twinStudy(40, 150, 50, ["b.emission.tokensPerEpoch=1840"]), {
      seed: 9,
      auditEveryStep: true,
    });
    const summaries = c.runToEnd();
    expect(summaries.map((s) => s.status)).toEqual(["ok", "ok"]);
    expect(c.counts.moves).toBeGreaterThan(20);
    const worlds = c.sims.map((s) => s.world);
    for (const w of worlds) expect(() => checkInvariants(w, true)).not.toThrow();
    // Each owner on a network holds a live slot there, and no live slot is nobody's.
    const pop = c.owners;
    const held = worlds.map(() => new Set<number>());
    for (let o = 0; o < pop.size; o++) {
      const k = pop.loc[o]!;
      if (k === OUTSIDE) continue;
      const st = worlds[k]!.providers.status[pop.slot[o]!]!;
      expect(st === Status.Exiting || st === Status.Empty).toBe(false);
      held[k]!.add(pop.slot[o]!);
    }
    worlds.forEach((w, k) => {
      const s = w.providers;
      let live = 0;
      for (let i = 0; i < s.highWater; i++)
        if (s.status[i] !== Status.Empty && s.status[i] !== Status.Exiting) live++;
      expect(live).toBe(held[k]!.size);
    });
    const { outside, networks } = c.placeCounts();
    expect(outside + networks.reduce((a, b) => a + b, 0)).toBe(pop.size);
  });
});
