import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runScenario, type ScenarioRun } from "../../api/run.ts";
import { checkInvariants } from "../../engine/invariants.ts";
import { genesis } from "../../engine/mechanisms/genesis.ts";
import {
  buybackUsd,
  executeBuyback,
  RUNWAY_CAP_DAYS,
  runwayDays,
} from "../../engine/mechanisms/market.ts";
import { leafParams } from "../../engine/params/overrides.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { constantProductOut } from "../../engine/state/amm.ts";
import { Status } from "../../engine/state/providers.ts";
import { World } from "../../engine/state/world.ts";
import { scenario } from "../../scenarios/baseline.ts";

const band = { rule: "priceBand", triggerRatio: 0.8, bandShare: 0.25, revenueShare: 0.2 } as const;
const revenue = { ...band, rule: "revenueShare" } as const;

function freshWorld() {
  const w = new World(
    resolveParams(scenario, ["providers.initial=10", "providers.maxTotal=20"]),
    1,
    0,
  );
  genesis(w);
  return w;
}

describe("treasury buy-back rules (hand-computed)", () => {
  it("price band: a share of the treasury's USD while the price is under trigger × reference", () => {
    expect(buybackUsd(band, 0.7, 1, 1000, 0)).toBe(250);
    expect(buybackUsd(band, 0.8, 1, 1000, 0)).toBe(0);
    expect(buybackUsd(band, 0.9, 1, 1000, 0)).toBe(0);
    expect(buybackUsd(band, 1.5, 2, 1000, 0)).toBe(250);
    expect(buybackUsd(band, 0.1, 1, 0, 0)).toBe(0);
  });

  it("revenue share: a share of the epoch's fees, at most the treasury's USD", () => {
    expect(buybackUsd(revenue, 5, 1, 1000, 500)).toBe(100);
    expect(buybackUsd(revenue, 5, 1, 50, 500)).toBe(50);
    expect(buybackUsd(revenue, 5, 1, 1000, 0)).toBe(0);
  });

  it("burns exactly what the AMM returns for the USD", () => {
    const w = freshWorld();
    const supply = w.ledger.supply;
    const expected = constantProductOut(
      w.amm.usdReserve,
      w.amm.tokenReserve,
      10_000,
      w.params.market.feeRate,
    );
    const tokens = executeBuyback(10_000, "burn", w.amm, w.ledger, w.providers);
    expect(tokens).toBe(expected);
    expect(w.ledger.supply).toBeCloseTo(supply - expected, 6);
    expect(w.ledger.burned).toBe(expected);
    expect(() => checkInvariants(w, true)).not.toThrow();
  });

  it("or pays the tokens to active providers in proportion to their stake", () => {
    const w = freshWorld();
    const s = w.providers;
    w.ledger.genesisStake(0, 2 * s.stake[0]!); // provider 0 holds three times the others' stake
    const before = Array.from(s.tokens.subarray(0, s.highWater));
    const supply = w.ledger.supply;
    const tokens = executeBuyback(10_000, "stakers", w.amm, w.ledger, w.providers);
    let total = 0;
    for (let i = 0; i < s.highWater; i++) if (s.status[i] === Status.Active) total += s.stake[i]!;
    for (let i = 0; i < s.highWater; i++)
      expect(s.tokens[i]! - before[i]!).toBeCloseTo((tokens * s.stake[i]!) / total, 9);
    expect(s.tokens[0]! - before[0]!).toBeCloseTo(3 * (s.tokens[1]! - before[1]!), 9);
    expect(w.ledger.supply).toBeCloseTo(supply, 6);
    expect(() => checkInvariants(w, true)).not.toThrow();
  });

  it("runway: treasury USD over the mean outflow per day of the last epochs", () => {
    // 3,000 USD; 200 USD out over 2 daily epochs: 100 a day, 30 days.
    expect(runwayDays(3000, 200, 2, 30, 0, 1)).toBe(30);
    // The window caps the epochs averaged; 2-day epochs halve the rate per day.
    expect(runwayDays(3000, 200, 50, 2, 0, 2)).toBe(60);
    // Before the first epoch: the planned spending; none: the cap.
    expect(runwayDays(3000, 0, 0, 30, 300, 1)).toBe(10);
    expect(runwayDays(3000, 0, 0, 30, 0, 1)).toBe(RUNWAY_CAP_DAYS);
  });
});

const col = (r: ScenarioRun, name: string) => r.steps.getChild(name)?.toArray() as Float64Array;
const RUN = ["providers.initial=200", "providers.maxTotal=400", "demand.baseGpuHoursPerHour=180"];

describe("treasury policy in a run", () => {
  it("is off by default; under the price band it spends bandShare of the treasury at epoch ends", async () => {
    const off = await runScenario("baseline", { steps: 48, sets: RUN });
    expect(off.steps.getChild("buybackUsd")).toBeNull();
    const on = await runScenario("baseline", {
      steps: 48,
      sets: [...RUN, "treasury.enabled=true", "treasury.triggerRatio=5"],
    });
    expect(on.summary.status).toBe("ok");
    const spent = col(on, "buybackUsd");
    const treasury = col(on, "treasuryUsd");
    expect(spent[22]).toBe(0);
    // A quarter went to the buy-back, three quarters are left: spent = left / 3.
    expect(spent[23]).toBeCloseTo(treasury[23]! / 3, 6);
    expect(spent[47]).toBeCloseTo(treasury[47]! / 3, 6);
    // The tokens bought are burned: this step's burn includes them.
    const bought = col(on, "buybackTokens");
    expect(bought[23]).toBeGreaterThan(0);
    expect(col(on, "burnedTokens")[23]).toBeGreaterThanOrEqual(bought[23]!);
    // Runway: the treasury's USD over the first epoch's outflow (the buy-back), a day each.
    expect(col(on, "treasuryRunwayDays")[23]).toBeCloseTo(treasury[23]! / spent[23]!, 6);
    expect(col(on, "treasuryRunwayDays")[10]).toBe(RUNWAY_CAP_DAYS);
  });

  it("under revenueShare it spends a share of the epoch's protocol fees", async () => {
    const on = await runScenario("baseline", {
      steps: 48,
      sets: [...RUN, "treasury.enabled=true", "treasury.rule=revenueShare"],
    });
    expect(on.summary.status).toBe("ok");
    const fees = col(on, "feeUsd");
    const sum = (a: number, b: number) => fees.slice(a, b).reduce((x, y) => x + y, 0);
    expect(col(on, "buybackUsd")[23]).toBeCloseTo(0.2 * sum(0, 24), 6);
    expect(col(on, "buybackUsd")[47]).toBeCloseTo(0.2 * sum(24, 48), 6);
  });
});

describe("docs", () => {
  const mech = readFileSync(new URL("../../docs/mechanisms.md", import.meta.url), "utf8");
  const asm = readFileSync(new URL("../../docs/assumptions.md", import.meta.url), "utf8");
  const out = readFileSync(new URL("../../docs/output.md", import.meta.url), "utf8");
  it("document every treasury parameter with its unit, and the columns", async () => {
    const { provenanceOf } = await import("../../engine/params/provenance.ts");
    for (const leaf of leafParams(scenario.schema).filter((l) => l.path.startsWith("treasury."))) {
      const row = mech.split("\n").find((l) => l.startsWith(`| \`${leaf.path}\` |`));
      expect(row, leaf.path).toBeDefined();
      expect(row?.split("|").map((c) => c.trim())).toContain(
        (leaf.schema as unknown as { unit: string }).unit,
      );
      if (provenanceOf(leaf.path)?.kind === "assumption") expect(asm).toContain(`\`${leaf.path}\``);
    }
    for (const c of [
      "buybackUsd",
      "buybackTokens",
      "treasuryRunwayDays",
      "treasuryRunwayWithTokensDays",
    ])
      expect(out).toContain(`| \`${c}\` |`);
  });
});
