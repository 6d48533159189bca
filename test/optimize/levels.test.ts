/**
 * `tokensim optimize` searches a choice of levels (`key=a,b,c`) beside numeric
 * ranges: the level is a relaxed coordinate, recorded by name in the history
 * and the finalists; a level the scenario refuses is an error before any run.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { parseSearchRange, searchValue } from "../../engine/optimize/ranges.ts";
import { runStudy } from "../../engine/optimize/study.ts";
import { fakeExecutor, noise, paramOf } from "./fakeExecutor.ts";

const T = "emission.tokensPerEpoch";
const POLICY = "emission.policy";
const tmp = () => mkdtempSync(join(tmpdir(), "tokensim-optimize-levels-"));
const levelOf = (sets: readonly string[], key: string) =>
  sets.find((s) => s.startsWith(`${key}=`))!.split("=")[1]!;

/** Price peaks at t = 30,000 under every policy, and "halving" adds 0.5 to it. */
const surface = fakeExecutor((task) => {
  const u = paramOf(task, T) / 1e5 - 0.3;
  const bonus = levelOf(task.sets, POLICY) === "halving" ? 0.5 : 0;
  return { priceEndUsd: 1 + bonus - u * u + 0.05 * noise(task) };
});

describe("optimize over a choice of levels", () => {
  it("parses levels and maps the unit interval to equal parts", () => {
    const r = parseSearchRange(`${POLICY}=fixed,halving|decay`);
    expect(r).toEqual({ key: POLICY, levels: ["fixed", "halving", "decay"] });
    expect([0, 0.33, 0.34, 0.66, 0.67, 1].map((u) => searchValue(r, u))).toEqual([
      "fixed",
      "fixed",
      "halving",
      "halving",
      "decay",
      "decay",
    ]);
    expect(() => parseSearchRange(`${POLICY}=fixed,fixed`)).toThrow(/twice/);
    expect(() => parseSearchRange(`${POLICY}=fixed,`)).toThrow(/empty level/);
  }, 120_000);

  it("CMA-ES picks the better level and the numeric optimum, recorded by name", async () => {
    const out = tmp();
    const r = (await runStudy(
      {
        scenario: "baseline",
        ranges: [`${T}=0:100000`, `${POLICY}=fixed,halving,decay`],
        objectives: ["max:mean(priceEndUsd)"],
        budget: 900,
        runs: 4,
        finalRuns: 16,
        seed: 3,
      },
      { out, executor: surface },
    ))!;
    expect(r.recommended!.parameters[POLICY]).toBe("halving");
    expect(Math.abs(Number(r.recommended!.parameters[T]) - 30000)).toBeLessThan(5000);
    const history = tableFromIPC(readFileSync(join(out, "history.arrow")));
    const levels = new Set(history.getChild(POLICY)!.toArray() as string[]);
    expect([...levels].every((l) => ["fixed", "halving", "decay"].includes(l))).toBe(true);
    expect(levels.size).toBeGreaterThan(1);
  }, 120_000);

  it("refuses a level the scenario does not accept before any run", async () => {
    const exec = fakeExecutor(() => ({ priceEndUsd: 1 }));
    await expect(
      runStudy(
        {
          scenario: "baseline",
          ranges: [`${POLICY}=fixed,inflationary`],
          objectives: ["max:mean(priceEndUsd)"],
          seed: 1,
        },
        { out: tmp(), executor: exec },
      ),
    ).rejects.toThrow(/level inflationary/);
    expect(exec.tasks).toHaveLength(0);
  }, 60_000);
});
