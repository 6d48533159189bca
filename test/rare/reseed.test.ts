import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";
import { reseedWorld } from "../../engine/rare/reseed.ts";
import { createRng } from "../../engine/rng/source.ts";
import { loadScenario, resolveParams } from "../../engine/scenario.ts";
import { World } from "../../engine/state/world.ts";

const take = (r: { next(): number }, n: number) => Array.from({ length: n }, () => r.next());

describe("Rng.reseed", () => {
  it("continues as a fresh stream of the new seed, in the same object", () => {
    const r = createRng("a");
    take(r, 17);
    r.reseed("b");
    expect(take(r, 8)).toEqual(take(createRng("b"), 8));
    const alea = seedrandom.alea("b");
    expect(take(createRng("b"), 8)).toEqual(take({ next: () => alea() }, 8));
  });

  it("refuses to re-seed while a cursor is open", () => {
    const r = createRng("a");
    const c = r.cursor();
    c.next();
    expect(() => r.reseed("b")).toThrow(/cursor/);
    c.commit();
    r.reseed("b");
    expect(r.next()).toBe(createRng("b").next());
  });
});

describe("reseedWorld", () => {
  it("re-seeds every stream of the world in place, keyed by (seed, run, component, branch)", async () => {
    const s = await loadScenario("baseline");
    const params = resolveParams(s, ["providers.initial=20", "providers.maxTotal=40"]);
    const draw = (w: World) => Object.keys(w.rng).map((c) => w.rng[c]!.next());
    const w1 = new World(params, 3, 1);
    const refs = { ...w1.rng };
    reseedWorld(w1, "x");
    const a = draw(w1);
    const w2 = new World(params, 3, 1);
    reseedWorld(w2, "x");
    expect(draw(w2)).toEqual(a);
    // The same objects (phases hold them), now on other streams than before.
    for (const c of Object.keys(refs)) expect(w1.rng[c]).toBe(refs[c]);
    expect(draw(new World(params, 3, 1))).not.toEqual(a);
    const w3 = new World(params, 3, 1);
    reseedWorld(w3, "y");
    expect(draw(w3)).not.toEqual(a);
    const w4 = new World(params, 4, 1);
    reseedWorld(w4, "x");
    expect(draw(w4)).not.toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });
});
