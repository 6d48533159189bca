import { tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { BASE_COLUMNS } from "../../engine/metrics/columns.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { defineScenario } from "../../engine/scenario.ts";
import { smallBaseline } from "./helpers.ts";

async function runBytes(seed: number, sets: string[] = [], audit = false) {
  const { scenario, params } = await smallBaseline(sets);
  const sink = new MemorySink();
  const summary = await runSimulation({ scenario, params, seed }, sink, {
    auditEveryStep: audit,
    batchRows: 100,
  });
  return { bytes: sink.bytes(), summary };
}

const round = (x: number) => Number(x.toPrecision(6));

describe("a seeded run", () => {
  it("is deterministic: the same seed gives identical Arrow bytes and summary", async () => {
    const a = await runBytes(42);
    const b = await runBytes(42);
    expect(a.bytes.byteLength).toBeGreaterThan(10_000);
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
    expect(JSON.stringify(a.summary)).toBe(JSON.stringify(b.summary));
    const c = await runBytes(43);
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(c.bytes))).not.toBe(0);
  });

  it("gives the same result with full audits every step (audits only check)", async () => {
    const a = await runBytes(7);
    const b = await runBytes(7, [], true);
    expect(b.summary.status).toBe("ok");
    expect(b.summary.headline.priceEndUsd).toBeCloseTo(a.summary.headline.priceEndUsd, 9);
  });

  it("writes a readable Arrow file: one row per step, documented columns with units", async () => {
    const { bytes, summary } = await runBytes(42);
    const table = tableFromIPC(bytes);
    expect(table.numRows).toBe(480);
    expect(summary.status).toBe("ok");
    const names = table.schema.fields.map((f) => f.name);
    expect(names.slice(0, 3)).toEqual(["run", "point", "step"]);
    for (const col of BASE_COLUMNS) expect(names).toContain(col.name);
    expect(names).toEqual(expect.arrayContaining(["active_rtx3090", "active_h100"]));
    const price = table.schema.fields.find((f) => f.name === "priceUsd")!;
    expect(price.metadata.get("unit")).toBe("USD/token");
    expect(table.schema.metadata.get("tokensim.seed")).toBe("42");
    const steps = table.getChild("step")!.toArray() as Int32Array;
    expect(Array.from(steps.slice(0, 3))).toEqual([0, 1, 2]);
    // Headline totals agree with the per-step columns.
    const sum = (name: string) =>
      (table.getChild(name)!.toArray() as Float64Array).reduce((a, b) => a + b, 0);
    expect(sum("jobsServed")).toBe(summary.headline.jobsServed);
    expect(sum("jobsArrived")).toBe(summary.headline.jobsArrived);
    expect(sum("mintedTokens")).toBeCloseTo(summary.headline.mintedTokens, 3);
    const last = table.numRows - 1;
    expect(table.getChild("priceUsd")!.get(last)).toBeCloseTo(summary.headline.priceEndUsd, 12);
  });

  it("produces plausible economics: mint and burn both happen, jobs are served, providers stay", async () => {
    // Without demand bursts, capacity covers the diurnal peaks and nearly nothing is dropped.
    const { summary } = await runBytes(42, ["demand.burstProbability=0"]);
    const h = summary.headline;
    expect(h.mintedTokens).toBeGreaterThan(0);
    expect(h.burnedTokens).toBeGreaterThan(0);
    expect(h.jobsServed / h.jobsArrived).toBeGreaterThan(0.99);
    expect(h.meanUtilisation).toBeGreaterThan(0.3);
    expect(h.meanUtilisation).toBeLessThan(0.95);
    expect(h.providersActiveEnd).toBeGreaterThan(0.8 * h.providersStart);
  });

  it("matches the golden summary for seed 42 (update with vitest -u after an intended change)", async () => {
    const { summary } = await runBytes(42);
    const golden = Object.fromEntries(
      Object.entries(summary.headline).map(([k, v]) => [k, round(v)]),
    );
    await expect(`${JSON.stringify(golden, null, 2)}\n`).toMatchFileSnapshot(
      "../golden/baseline-small-seed42.json",
    );
  });

  it("lets a scenario add, reorder and replace phases", async () => {
    const { scenario, params } = await smallBaseline(["sim.steps=48"]);
    const seen: string[] = [];
    const custom = defineScenario({
      ...scenario,
      name: "custom",
      phases: [
        "demand",
        "matching",
        {
          name: "probe",
          create: () => ({ name: "probe", run: (w) => void seen.push(`probe@${w.step}`) }),
        },
        "service",
        "settlement",
        "market",
        "providerEconomics",
      ],
    });
    const summary = await runSimulation({ scenario: custom, params, seed: 1 }, new MemorySink());
    expect(summary.status).toBe("ok");
    expect(seen.length).toBe(48);
    expect(summary.headline.cheatersCaught).toBe(0); // verification phase removed
  });
});

describe("the pipeline contract", () => {
  it("counts epochs in the step loop, whatever the pipeline holds, and calls end hooks once", async () => {
    const { scenario, params } = await smallBaseline(["sim.steps=100", "sim.epochSteps=24"]);
    const ends: number[] = [];
    const probe = {
      name: "probe",
      create: () => ({
        name: "probe",
        run: () => {},
        end: (w: { epochsCompleted: number }) => void ends.push(w.epochsCompleted),
      }),
    };
    // No providerEconomics (which used to count epochs): the clock still runs.
    const custom = defineScenario({ ...scenario, phases: ["demand", "matching", probe] });
    await runSimulation({ scenario: custom, params, seed: 1 }, new MemorySink());
    expect(ends).toEqual([4]);
  });

  it("refuses a pipeline that breaks an ordering constraint or repeats a phase", async () => {
    const { scenario, params } = await smallBaseline(["sim.steps=24"]);
    const reordered = defineScenario({
      ...scenario,
      phases: ["demand", "matching", "service", "market", "settlement"],
    });
    await expect(
      runSimulation({ scenario: reordered, params, seed: 1 }, new MemorySink()),
    ).rejects.toThrow(
      /phase 'market' reads 'market.sellPending' as this step leaves it, and 'settlement' writes 'market.sellPending', so 'market' must run after 'settlement'/,
    );
    const early = defineScenario({
      ...scenario,
      phases: ["demand", "matching", "verification", "service", "settlement"],
    });
    await expect(
      runSimulation({ scenario: early, params, seed: 1 }, new MemorySink()),
    ).rejects.toThrow(/phase 'verification' must run after 'service'/);
    const twice = defineScenario({ ...scenario, phases: ["demand", "demand"] });
    await expect(
      runSimulation({ scenario: twice, params, seed: 1 }, new MemorySink()),
    ).rejects.toThrow(/phase 'demand' is in the pipeline twice/);
  });
});

describe("invariant violations", () => {
  it("stop the run, keep the output so far, and mark the summary failed with invariant, step and values", async () => {
    const { scenario, params } = await smallBaseline(["sim.steps=200"]);
    const broken = defineScenario({
      ...scenario,
      name: "broken",
      phases: [
        "demand",
        "matching",
        "service",
        "verification",
        "settlement",
        "market",
        "providerEconomics",
        {
          name: "counterfeit",
          // A bug: credits tokens to a wallet without going through the ledger.
          create: () => ({
            name: "counterfeit",
            run: (w) => {
              if (w.step === 30) w.providers.tokens[0]! += 1000;
            },
          }),
        },
      ],
    });
    const sink = new MemorySink();
    const summary = await runSimulation({ scenario: broken, params, seed: 3 }, sink);
    expect(summary.status).toBe("failed");
    expect(summary.failure?.invariant).toBe("supply-conservation");
    expect(summary.failure?.step).toBe(47); // found by the audit at the end of the epoch
    expect(summary.failure?.message).toMatch(/step 47/);
    expect(summary.stepsCompleted).toBe(47);
    const table = tableFromIPC(sink.bytes());
    expect(table.numRows).toBe(48);
  });

  it("checks job conservation at every step", async () => {
    const { scenario, params } = await smallBaseline(["sim.steps=100"]);
    const broken = defineScenario({
      ...scenario,
      phases: [
        "demand",
        "matching",
        {
          name: "phantom",
          // A bug: jobs appear in a queue without arriving.
          create: () => ({
            name: "phantom",
            run: (w) => {
              if (w.step === 10) w.demand.queue[0]! += 5;
            },
          }),
        },
      ],
    });
    const summary = await runSimulation({ scenario: broken, params, seed: 3 }, new MemorySink());
    expect(summary.failure?.invariant).toBe("job-conservation");
    expect(summary.failure?.step).toBe(10);
    expect(summary.failure?.values).toMatchObject({
      queued: expect.any(Number),
      arrived: expect.any(Number),
    });
  });

  it("finds a provider-column violation at its own step with auditEveryStep", async () => {
    const { scenario, params } = await smallBaseline(["sim.steps=100"]);
    const broken = defineScenario({
      ...scenario,
      phases: [
        "demand",
        "matching",
        {
          name: "counterfeit",
          create: () => ({
            name: "counterfeit",
            run: (w) => {
              if (w.step === 30) w.providers.stake[1]! += 1;
            },
          }),
        },
      ],
    });
    const summary = await runSimulation({ scenario: broken, params, seed: 3 }, new MemorySink(), {
      auditEveryStep: true,
    });
    expect(summary.failure?.invariant).toBe("supply-conservation");
    expect(summary.failure?.step).toBe(30);
  });
});
