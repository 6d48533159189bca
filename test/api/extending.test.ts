/**
 * What a model written against the public API relies on: bulk ledger and pool
 * operations, a scenario's own parameter sections, the paused status, step
 * totals reset, and the bundled scenario built from one custom phase.
 */
import { type TObject, type TProperties, Type } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import { Account, extendSchema, num, resolveParams, share } from "../../api/index.ts";
import { runScenario } from "../../api/run.ts";
import { InvariantViolation, ParameterError } from "../../engine/errors.ts";
import { Amm, constantProductOut } from "../../engine/state/amm.ts";
import { Ledger } from "../../engine/state/ledger.ts";
import { ProviderStore } from "../../engine/state/providers.ts";
import { StepTotals } from "../../engine/state/world.ts";
import { baselineSchema } from "../../scenarios/baseline.ts";
import { scenario as perProvider } from "../../scenarios/per-provider-rewards.ts";

function ledgerWith(n: number, tokens: number[]) {
  const s = new ProviderStore(n);
  const l = new Ledger(s);
  for (let i = 0; i < n; i++) {
    s.allocate();
    if (tokens[i]! > 0) l.mintToProvider(i, tokens[i]!);
  }
  return { s, l };
}

describe("bulk ledger operations", () => {
  it("mint, move and slash per provider in one pass, with the totals a loop of single calls gives", () => {
    const amounts = Float64Array.from([1.5, 0, 2.25, 0.125]);
    const bulk = ledgerWith(4, [10, 10, 10, 10]);
    const single = ledgerWith(4, [10, 10, 10, 10]);
    expect(bulk.l.mintToProviders(amounts)).toBe(3.875);
    for (let i = 0; i < 4; i++) single.l.mintToProvider(i, amounts[i]!);
    expect(bulk.l.providersTo(Account.Treasury, amounts)).toBe(3.875);
    for (let i = 0; i < 4; i++) single.l.fromProvider(i, Account.Treasury, amounts[i]!);
    for (let i = 0; i < 4; i++) {
      bulk.l.lockStake(i, 4);
      single.l.lockStake(i, 4);
    }
    expect(bulk.l.slashProviders(amounts, "burn")).toBe(3.875);
    for (let i = 0; i < 4; i++) single.l.slash(i, amounts[i]!, "burn");
    for (const k of ["minted", "burned", "slashed", "providerTokens", "providerStake"] as const)
      expect(bulk.l[k], k).toBe(single.l[k]);
    expect([...bulk.s.tokens.subarray(0, 4)]).toEqual([...single.s.tokens.subarray(0, 4)]);
    expect(bulk.l.accounts[Account.Treasury]).toBe(single.l.accounts[Account.Treasury]);
  });

  it("refuse an overdraft or a negative amount as the single calls do", () => {
    const { l } = ledgerWith(2, [1, 1]);
    expect(() => l.providersTo(Account.Treasury, Float64Array.from([0.5, 2]))).toThrow(
      InvariantViolation,
    );
    expect(() => l.mintToProviders(Float64Array.from([1, -1]))).toThrow(/bad transfer amount/);
  });

  it("sell many providers' tokens as one trade at the closed-form price", () => {
    const { s, l } = ledgerWith(3, [100, 100, 100]);
    l.mintTo(Account.Amm, 1_000_000);
    const amm = new Amm(l, 500_000, 0.003);
    const x = amm.tokenReserve;
    const y = amm.usdReserve;
    const out = amm.sellFromProviders(Float64Array.from([10, 0, 30]));
    expect(out).toBe(constantProductOut(x, y, 40, 0.003));
    expect(amm.tokenReserve).toBe(x + 40);
    expect(amm.usdReserve).toBe(y - out);
    expect([...s.tokens.subarray(0, 3)]).toEqual([90, 100, 70]);
  });
});

describe("a scenario's own parameters", () => {
  const schema = extendSchema(baselineSchema, {
    mine: {
      rate: num(2, { unit: "tokens per step", description: "a rate", minimum: 0 }),
      part: share(0.5, "a share"),
    },
  });

  it("are settable, validated and typed like the built-in ones", () => {
    const s = { name: "x", summary: "x", schema };
    const ok = resolveParams(s, ["mine.rate=3"]) as unknown as { mine: { rate: number } };
    expect(ok.mine.rate).toBe(3);
    expect(() => resolveParams(s, ["mine.part=2"])).toThrow(/expected a number >= 0 and <= 1/);
    expect(() => resolveParams(s, ["mine.rat=1"])).toThrow(/Did you mean: mine.rate/);
  });

  it("cannot replace a built-in section", () => {
    // Untyped call: the point is the run-time refusal, not the static type.
    const extend = extendSchema as (s: TObject, e: Record<string, TProperties>) => TObject;
    const tiny = Type.Object({ sim: Type.Object({}) });
    expect(() => extend(tiny, { sim: { x: num(1, { unit: "x", description: "x" }) } })).toThrow(
      ParameterError,
    );
  });
});

describe("a custom phase's own random stream", () => {
  it("is seeded by (seed, run, name), created once, and independent of the others", async () => {
    const { World } = await import("../../engine/state/world.ts");
    const { resolveParams: resolve } = await import("../../engine/scenario.ts");
    const params = resolve(perProvider, ["sim.steps=10"]);
    const a = new World(params, 5, 0);
    const b = new World(params, 5, 0);
    expect(a.stream("mine")).toBe(a.stream("mine"));
    const draws = (w: InstanceType<typeof World>, name: string) => {
      const out = new Float64Array(5);
      w.stream(name).fill(out);
      return [...out];
    };
    expect(draws(a, "mine")).toEqual(draws(b, "mine"));
    expect(draws(a, "other")).not.toEqual(draws(b, "mine"));
    expect(draws(new World(params, 5, 1), "mine")).not.toEqual(
      draws(new World(params, 5, 0), "mine"),
    );
  });
});

describe("step totals", () => {
  it("reset every field to 0", () => {
    const t = new StepTotals();
    const keys = Object.keys(t) as (keyof StepTotals)[];
    expect(keys.length).toBeGreaterThan(30);
    for (const k of keys) (t as unknown as Record<string, number>)[k] = 1;
    t.reset();
    for (const k of keys) expect(t[k], k).toBe(0);
  });
});

describe("the per-provider-rewards scenario (one custom phase)", () => {
  it("pauses unprofitable providers, brings some back, and slashes only cheaters", async () => {
    const { summary, steps } = await runScenario(perProvider, {
      steps: 24 * 30,
      // Emission low enough that some providers do not cover their costs.
      sets: ["providers.initial=300", "providers.maxTotal=300", "rewards.tokensPerStep=120"],
    });
    expect(summary.status).toBe("ok"); // supply conserved every step
    const paused = steps.getChild("providersPaused")!.toArray() as Float64Array;
    const active = steps.getChild("providersActive")!.toArray() as Float64Array;
    for (let r = 0; r < steps.numRows; r++) expect(paused[r]! + active[r]!).toBe(300);
    expect(Math.max(...paused)).toBeGreaterThan(0);
    // Some come back: the paused count falls at some step.
    expect(paused.some((v, r) => r > 0 && v < paused[r - 1]!)).toBe(true);
    expect(summary.headline.cheatersCaught).toBeGreaterThan(0);
    expect(summary.headline.falseFlags).toBe(0);
    expect(summary.headline.slashedTokens).toBeGreaterThan(0);
    // Every step mints the emission (120 tokens) while anyone serves.
    const minted = steps.getChild("mintedTokens")!.toArray() as Float64Array;
    expect(minted[0]).toBeCloseTo(120, 6);
  });

  it("is deterministic: the same seed gives the same summary", async () => {
    const a = await runScenario(perProvider, { steps: 48, seed: 3 });
    const b = await runScenario(perProvider, { steps: 48, seed: 3 });
    const c = await runScenario(perProvider, { steps: 48, seed: 4 });
    expect(JSON.stringify(a.summary)).toBe(JSON.stringify(b.summary));
    expect(JSON.stringify(a.summary)).not.toBe(JSON.stringify(c.summary));
  });
});

describe("scenario names", () => {
  it("always mean the bundled scenario, whatever the working directory holds", async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { loadScenario, scenarioPath } = await import("../../engine/scenario.ts");
    const dir = mkdtempSync(join(tmpdir(), "tokensim-names-"));
    // A file named like a bundled scenario, which must never be imported by name,
    // and a folder named like another.
    writeFileSync(
      join(dir, "baseline"),
      "throw new Error('imported from the working directory');\n",
    );
    mkdirSync(join(dir, "demand-burst"));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(scenarioPath("baseline")).toMatch(/scenarios[/\\]baseline\.ts$/);
      expect((await loadScenario("baseline")).name).toBe("baseline");
      expect((await loadScenario("demand-burst")).name).toBe("demand-burst");
      expect(scenarioPath("./baseline")).toBe(join(dir, "baseline"));
    } finally {
      process.chdir(cwd);
    }
  });
});
