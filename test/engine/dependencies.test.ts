import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import type { Phase } from "../../engine/pipeline/phase.ts";
import { DEFAULT_PHASES, definePhase, phaseRegistry } from "../../engine/pipeline/phases.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams, type Scenario } from "../../engine/scenario.ts";
import { STATE_GROUPS, type World } from "../../engine/state/world.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";
import { FULL_MECHANISMS } from "../../scenarios/overrides/fullMechanisms.ts";

const small = resolveParams(baseline, ["sim.steps=48", "providers.initial=50"]);
const run = (phases: NonNullable<Scenario["phases"]>) =>
  runSimulation({ scenario: { ...baseline, phases }, params: small, seed: 1 }, new MemorySink());

/** Whether a declared key ("group" or "group.field") covers a field. */
const covers = (declared: readonly string[] | undefined, field: string) =>
  (declared ?? []).some((k) => k === field || field.startsWith(`${k}.`));

/** A copy of every state field's value, to find what a phase changed. */
function snapshot(w: World): Map<string, string> {
  const out = new Map<string, string>();
  for (const g of STATE_GROUPS)
    for (const [k, v] of Object.entries((w as unknown as Record<string, object>)[g]!))
      out.set(`${g}.${k}`, JSON.stringify(ArrayBuffer.isView(v) ? Array.from(v as never) : v));
  return out;
}

describe("phases' state declarations (reads, readsPrevious, writes)", () => {
  it("cover every state field each built-in phase reads and changes, with every mechanism on", async () => {
    // Each group of the world is wrapped in a proxy that records which phase reads
    // which field (also while the phase is being created: matching keeps
    // references to its arrays); changes are found by comparing snapshots.
    let current: string | undefined;
    const read = new Map<string, Set<string>>();
    const changed = new Map<string, Set<string>>();
    const note = (m: Map<string, Set<string>>, phase: string, field: string) =>
      m.set(phase, (m.get(phase) ?? new Set()).add(field));
    const wrapped = new WeakSet<World>();
    const declared = new Map<string, Phase>();
    const phases = DEFAULT_PHASES.map((name) =>
      definePhase(name, (w) => {
        if (!wrapped.has(w)) {
          wrapped.add(w);
          for (const g of STATE_GROUPS) {
            const proxy = new Proxy((w as unknown as Record<string, object>)[g]!, {
              get(target, key) {
                if (current && typeof key === "string") note(read, current, `${g}.${key}`);
                return Reflect.get(target, key, target);
              },
            });
            Object.defineProperty(w, g, { value: proxy });
          }
        }
        current = name;
        const inner = phaseRegistry.get(name)(w);
        current = undefined;
        declared.set(name, inner);
        return {
          ...inner,
          run(w) {
            const before = snapshot(w);
            current = name;
            inner.run(w);
            current = undefined;
            for (const [field, value] of snapshot(w))
              if (before.get(field) !== value) note(changed, name, field);
          },
        };
      }),
    );
    const params = resolveParams(baseline, [
      ...FULL_MECHANISMS,
      "sim.steps=300",
      "providers.initial=100",
      "providers.maxTotal=300",
      "demand.baseGpuHoursPerHour=90",
      "shocks.crashStartStep=100",
      "shocks.liquidityStep=200",
      "shocks.powerStartStep=50",
      "shocks.hardwareGenStep=150",
    ]);
    const s = await runSimulation(
      { scenario: { ...baseline, phases }, params, seed: 5 },
      new MemorySink(),
    );
    expect(s.status).toBe("ok");

    const undeclared: string[] = [];
    for (const name of DEFAULT_PHASES) {
      const ph = declared.get(name)!;
      for (const field of changed.get(name) ?? [])
        if (!covers(ph.writes, field)) undeclared.push(`${name} writes ${field}`);
      for (const field of read.get(name) ?? [])
        if (![ph.reads, ph.readsPrevious, ph.writes].some((d) => covers(d, field)))
          undeclared.push(`${name} reads ${field}`);
    }
    expect(undeclared).toEqual([]);
    // The instrumentation saw something: every phase but service, verification and
    // clientChurn changes state, and those three read it.
    expect([...changed.keys()].sort()).toEqual(
      [
        "clientChurn",
        "demand",
        "market",
        "matching",
        "providerEconomics",
        "settlement",
        "shocks",
        "vesting",
        "governance",
      ].sort(),
    );
    expect(read.get("service")).toContain("matching.utilByRegion");
  }, 300_000);

  it("refuse a pipeline that runs demand after matching: matching wants this step's arrivals", async () => {
    const order = ["shocks", "matching", "demand", "service", "verification", "settlement"];
    await expect(run(order)).rejects.toThrow(
      /phase 'matching' reads 'demand.queue' as this step leaves it, and 'demand' writes 'demand.queue', so 'matching' must run after 'demand'/,
    );
  });

  it("refuse a price change before demand, which wants last step's price", async () => {
    const discount = definePhase("discount", () => ({
      name: "discount",
      writes: ["pricing.clientUsdPerGpuHour"],
      run() {},
    }));
    await expect(run(["shocks", discount, ...DEFAULT_PHASES.slice(1)])).rejects.toThrow(
      /phase 'demand' reads 'pricing.clientUsdPerGpuHour' as the previous step left it, and 'discount' writes 'pricing.clientUsdPerGpuHour', so 'demand' must run before 'discount'/,
    );
  });

  it("order a scenario's own phase by what it declares", async () => {
    // Spends from the treasury: wants this step's fees, so after settlement.
    const spend = definePhase("spend", () => ({
      name: "spend",
      reads: ["market.treasuryUsd"],
      writes: ["market.treasuryUsd"],
      run() {},
    }));
    await expect(run([spend, ...DEFAULT_PHASES])).rejects.toThrow(
      /phase 'spend' reads 'market.treasuryUsd' as this step leaves it, and 'settlement' writes 'market.treasuryUsd', so 'spend' must run after 'settlement'/,
    );
    // After the market phase, which also spends the treasury: both read and write
    // it, so either order is allowed (each sees the other's change a step later).
    const s = await run([...DEFAULT_PHASES, spend]);
    expect(s.status).toBe("ok");
  });

  it("name the known state when a declaration is misspelt", async () => {
    const bad = (key: string) =>
      definePhase("probe", () => ({ name: "probe", reads: [key], run() {} }));
    await expect(run([...DEFAULT_PHASES, bad("treasury")])).rejects.toThrow(
      /phase 'probe' declares state 'treasury', which is not a mechanism's state \(groups: demand, batch/,
    );
    await expect(run([...DEFAULT_PHASES, bad("market.treasury")])).rejects.toThrow(
      /'market' has no field 'treasury' \(fields: treasuryUsd, sellPending/,
    );
  });
});
