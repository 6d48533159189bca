import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { largestRemainder } from "../../engine/mechanisms/genesis.ts";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { DEFAULT_PHASES, definePhase } from "../../engine/pipeline/phases.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { defaultParams, resolveParams } from "../../engine/scenario.ts";
import { snapshotOverrides } from "../../engine/series/snapshot.ts";
import { Account } from "../../engine/state/ledger.ts";
import { Status } from "../../engine/state/providers.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";
import { cli } from "../cli/inProcess.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-snapshot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
};

const SNAPSHOT = {
  date: "2022-01-01",
  priceUsd: 35,
  supplyTokens: 120_000_000,
  ammUsdDepth: 50_000_000,
  treasuryTokens: 6_000_000,
  providers: {
    byClass: { rtx3090: 40, rtx4090: 30, h100: 7 },
    byRegion: { naEast: 50, asia: 27 },
  },
  sources: {
    priceUsd: "HNT price, CoinGecko 2022-01-01 00:00 UTC",
    supplyTokens: "an example",
    ammUsdDepth: "an example",
    treasuryTokens: "an example",
    providers: "an example",
  },
};

describe("starting from a snapshot", () => {
  it("splits counts in exact proportion (largest remainders)", () => {
    expect(largestRemainder(10, [0.5, 0.3, 0.2])).toEqual([5, 3, 2]);
    expect(largestRemainder(7, [1, 1, 1])).toEqual([3, 2, 2]);
    expect(largestRemainder(3, [0.05, 0.05, 0.9])).toEqual([0, 0, 3]);
    expect(largestRemainder(0, [1, 2])).toEqual([0, 0]);
  });

  it("places exactly the snapshot's providers per class and region, at its price, supply and depth", async () => {
    const sets = snapshotOverrides(file("s.json", SNAPSHOT), defaultParams(baseline));
    const params = resolveParams(baseline, [...sets, "sim.steps=2"]);
    const seen: Record<string, number> = {};
    let price = 0;
    let treasury = 0;
    let supply = 0;
    const probe = definePhase("probe", () => ({
      name: "probe",
      run(w) {
        if (w.step !== 0) return;
        const s = w.providers;
        for (let i = 0; i < s.highWater; i++) {
          if (s.status[i] !== Status.Active) continue;
          for (const key of [w.classNames[s.hwClass[i]!]!, w.regionNames[s.region[i]!]!])
            seen[key] = (seen[key] ?? 0) + 1;
        }
        price = w.amm.price;
        treasury = w.ledger.accounts[Account.Treasury]!;
        supply = w.ledger.genesis;
      },
    }));
    const summary = await runSimulation(
      { scenario: { ...baseline, phases: [probe, ...DEFAULT_PHASES] }, params, seed: 4 },
      new MemorySink(),
    );
    expect(summary.status).toBe("ok");
    expect(seen).toEqual({ rtx3090: 40, rtx4090: 30, h100: 7, naEast: 50, asia: 27 });
    expect(price).toBeCloseTo(35, 9);
    expect(supply).toBeCloseTo(120_000_000, 3);
    expect(treasury).toBeCloseTo(6_000_000, 3);
    expect(params.market.ammUsdDepth).toBe(50_000_000);
    // Classes the snapshot leaves out get no share, of the initial providers or entrants.
    expect(params.hardware.a100!.share).toBe(0);
    expect(params.regions.euWest!.providerShare).toBe(0);
  });

  it("refuses a figure without a source, unknown names, unequal totals and unknown fields", () => {
    const d = defaultParams(baseline);
    const bad = (body: object) => () => snapshotOverrides(file("bad.json", body), d);
    expect(bad({ ...SNAPSHOT, sources: { ...SNAPSHOT.sources, priceUsd: undefined } })).toThrow(
      /'priceUsd' has no entry in "sources" \(say where it comes from\)/,
    );
    expect(bad({ ...SNAPSHOT, providers: { byClass: { b200: 3 } } })).toThrow(
      /no hardware class 'b200' in the scenario \(rtx3090, rtx4090, a100, h100\)/,
    );
    expect(
      bad({ ...SNAPSHOT, providers: { byClass: { h100: 3 }, byRegion: { asia: 4 } } }),
    ).toThrow(/providers.byClass counts 3 providers, providers.byRegion 4/);
    expect(bad({ ...SNAPSHOT, hotspots: 3 })).toThrow(
      /snapshot .*bad.json: .*hotspots|additional/i,
    );
    expect(bad({ ...SNAPSHOT, priceUsd: -1 })).toThrow(/\/priceUsd/);
  });

  it("is what 'tokensim run --snapshot' starts from; --set still wins", async () => {
    const out = join(dir, "run");
    const r = await cli(
      "run",
      "baseline",
      "--snapshot",
      file("cli.json", SNAPSHOT),
      "--set",
      "market.initialPriceUsd=30",
      "--steps",
      "24",
      "--quiet",
      "--out",
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.params.providers.initial).toBe(77);
    expect(summary.params.providers.exactInitialMix).toBe(true);
    expect(summary.params.market.initialPriceUsd).toBe(30);
    expect(summary.headline.providersStart).toBe(77);
    const missing = await cli("run", "baseline", "--snapshot", join(dir, "none.json"), "--quiet");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/snapshot .*none.json: ENOENT/);
  });
});
