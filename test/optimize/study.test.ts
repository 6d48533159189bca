import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { generationSeed } from "../../engine/optimize/plan.ts";
import { runStudy } from "../../engine/optimize/study.ts";
import { fakeExecutor, noise, paramOf } from "./fakeExecutor.ts";

const T = "emission.tokensPerEpoch";
const P = "emission.pegRatio";
const tmp = () => mkdtempSync(join(tmpdir(), "tokensim-optimize-"));

/** Every file of a study folder, by relative path. */
function files(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (f.isFile())
      out[join(f.parentPath, f.name).slice(dir.length)] = readFileSync(
        join(f.parentPath, f.name),
      ).toString("base64");
  return out;
}

/** A noisy concave price surface with its peak at (t, p) = (30,000, 7) and shared run noise. */
const peak = fakeExecutor((task) => {
  const u = paramOf(task, T) / 1e5 - 0.3;
  const v = paramOf(task, P) / 10 - 0.7;
  return {
    priceEndUsd: 1 - u * u - v * v + 0.1 * noise(task) + 0.002 * noise(task, `/${task.point}`),
  };
});

const peakRequest = {
  scenario: "baseline",
  ranges: [`${T}=0:100000`, `${P}=0:10`],
  objectives: ["max:mean(priceEndUsd)"],
  budget: 1500,
  runs: 4,
  finalRuns: 16,
  seed: 7,
};

describe("tokensim optimize (engine, on a known function)", () => {
  it("CMA-ES finds the peak of a noisy surface within 2% of each range", async () => {
    const out = tmp();
    const r = (await runStudy(peakRequest, { out, executor: peak }))!;
    expect(r.settings.algorithm).toBe("cma-es");
    expect(Math.abs(Number(r.recommended!.parameters[T]) - 30000)).toBeLessThan(2000);
    expect(Math.abs(Number(r.recommended!.parameters[P]) - 7)).toBeLessThan(0.2);
    expect(r.runs.search).toBeLessThanOrEqual(1500);
    expect(r.runs.final).toBe(16 * r.finalists.length);
    const o = r.recommended!.objectives[0]!;
    expect(o.lower).toBeLessThanOrEqual(o.estimate);
    expect(o.upper).toBeGreaterThanOrEqual(o.estimate);
  }, 120_000);

  it("CMA-ES reaches an optimum on the edge of the ranges (samples outside are ranked last, not run)", async () => {
    // Price rises with t to the top of its range; p peaks inside, at 4.
    const exec = fakeExecutor((t) => {
      const u = paramOf(t, T) / 1e5;
      const v = paramOf(t, P) / 10 - 0.4;
      return { priceEndUsd: u - v * v + 0.1 * noise(t) };
    });
    const r = (await runStudy({ ...peakRequest, budget: 600 }, { out: tmp(), executor: exec }))!;
    expect(Number(r.recommended!.parameters[T])).toBeGreaterThan(98000);
    expect(Math.abs(Number(r.recommended!.parameters[P]) - 4)).toBeLessThan(0.5);
    // Every run stayed within the ranges.
    for (const t of exec.tasks) {
      expect(paramOf(t, T)).toBeGreaterThanOrEqual(0);
      expect(paramOf(t, T)).toBeLessThanOrEqual(100000);
    }
    expect(r.runs.search).toBeLessThanOrEqual(600);
  });

  it("uses common random numbers: one seed per generation, run indices 0.. for every candidate; fresh seeds at the end", async () => {
    const exec = fakeExecutor((t) => ({ priceEndUsd: paramOf(t, T) + noise(t) }));
    const r = (await runStudy({ ...peakRequest, budget: 200 }, { out: tmp(), executor: exec }))!;
    const bySeed = new Map<number, Set<string>>();
    for (const t of exec.tasks) {
      const runs = bySeed.get(t.seed) ?? new Set();
      runs.add(`${t.point}/${t.run}`);
      bySeed.set(t.seed, runs);
    }
    for (const runs of bySeed.values()) {
      const perCandidate = new Map<string, number[]>();
      for (const k of runs) {
        const [c, run] = k.split("/");
        perCandidate.set(c!, [...(perCandidate.get(c!) ?? []), Number(run)]);
      }
      for (const list of perCandidate.values())
        expect(list.sort((a, b) => a - b)).toEqual(list.map((_, i) => i));
    }
    expect(bySeed.size).toBe(r.generations + 1);
    expect(bySeed.has(r.finalSeed)).toBe(true);
  });

  it("adds runs while a constraint is inconclusive, and keeps the recommendation feasible (Deb's rules)", async () => {
    // price rises with t; active providers too, with noise: the constraint binds at t = 50,000.
    const exec = fakeExecutor((t) => {
      const u = paramOf(t, T) / 1e5;
      return { priceEndUsd: u, providersActiveEnd: 100 * u + 20 * noise(t, `/${t.point}`) };
    });
    const out = tmp();
    const r = (await runStudy(
      {
        ...peakRequest,
        ranges: [`${T}=0:100000`],
        objectives: ["min:mean(priceEndUsd)"],
        constraints: ["mean(providersActiveEnd)>50"],
        maxRuns: 24,
      },
      { out, executor: exec },
    ))!;
    const rec = r.recommended!;
    expect(rec.feasible).toBe(true);
    expect(rec.constraints[0]!.estimate).toBeGreaterThan(50);
    expect(rec.parameters[T]!).toBeGreaterThan(45000);
    expect(rec.parameters[T]!).toBeLessThan(60000);
    const h = tableFromIPC(readFileSync(join(out, "history.arrow")));
    const runs = h.getChild("runs")!.toArray() as Int32Array;
    const phase = h.getChild("phase")!.toArray() as string[];
    const search = [...runs].filter((_, i) => phase[i] === "search");
    expect(Math.max(...search)).toBeGreaterThan(4);
    expect(Math.max(...search)).toBeLessThanOrEqual(24);
    expect(search.some((n) => n === 4)).toBe(true);
  }, 120_000);

  it("NSGA-II gives a front along the trade-off of two objectives", async () => {
    // f1 = u, f2 = 1 - sqrt(u) + v: the front is v = 0, f2 = 1 - sqrt(f1).
    const exec = fakeExecutor((t) => {
      const u = paramOf(t, T) / 1e5;
      const v = paramOf(t, P) / 10;
      return {
        priceEndUsd: u + 0.01 * noise(t),
        maxDrawdownPct: 1 - Math.sqrt(u) + v + 0.01 * noise(t, "b"),
      };
    });
    const r = (await runStudy(
      {
        ...peakRequest,
        objectives: ["min:mean(priceEndUsd)", "minimise:mean(maxDrawdownPct)"],
        budget: 1600,
        runs: 2,
        finalRuns: 4,
        population: 20,
      },
      { out: tmp(), executor: exec },
    ))!;
    expect(r.settings.algorithm).toBe("nsga-ii");
    expect(r.recommended).toBeNull();
    const front = r.finalists.filter((f) => !f.dominated);
    expect(front.length).toBeGreaterThan(5);
    // The member at f1's minimum (t = 0) is kept by its infinite crowding distance whatever
    // its v: NSGA-II's extremes are only weakly optimised; the others lie on the curve.
    for (const f of front.filter((m) => Number(m.parameters[T]) > 0)) {
      const [f1, f2] = f.objectives.map((o) => o.estimate) as [number, number];
      expect(Math.abs(f2 - (1 - Math.sqrt(Math.max(0, f1))))).toBeLessThan(0.08);
    }
    const f1s = front.map((f) => f.objectives[0]!.estimate);
    expect(Math.max(...f1s) - Math.min(...f1s)).toBeGreaterThan(0.5);
  }, 120_000);

  it("resumes a stopped study to the same files as an uninterrupted one", async () => {
    const req = { ...peakRequest, budget: 300 };
    const whole = tmp();
    await runStudy(req, { out: whole, executor: peak });
    const part = tmp();
    const stop = new AbortController();
    const stopped = await runStudy(req, {
      out: part,
      executor: peak,
      signal: stop.signal,
      onGeneration: (g) => g === 2 && stop.abort(),
    });
    expect(stopped).toBeUndefined();
    expect(readdirSync(join(part, "generations")).length).toBe(3);
    await expect(runStudy(req, { out: part, executor: peak })).rejects.toThrow(/--resume/);
    await expect(
      runStudy({ ...req, seed: 8 }, { out: part, executor: peak, resume: true }),
    ).rejects.toThrow(/different study \(scenarioSha256|different study \(seed/);
    const before = peak.tasks.length;
    await runStudy(req, { out: part, executor: peak, resume: true });
    // The three recorded generations are replayed, not run again.
    const replayed = [0, 1, 2].map((g) => generationSeed(req.seed, g));
    const resumed = peak.tasks.slice(before);
    expect(resumed.length).toBeGreaterThan(0);
    expect(resumed.filter((t) => replayed.includes(t.seed))).toEqual([]);
    expect(files(part)).toEqual(files(whole));
  });
});
