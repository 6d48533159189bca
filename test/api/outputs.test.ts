/**
 * Columns and outcomes that a scenario and its phases declare: written to
 * steps.arrow with their units, to the run summary, to a sweep's tables, and
 * usable by `tokensim check`; bad declarations are refused before a run starts.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { afterAll, describe, expect, it } from "vitest";
import {
  column,
  DEFAULT_PHASES,
  defineChecks,
  definePhase,
  defineScenario,
  type PhaseEntry,
  type RunOutcome,
  ScenarioError,
  Status,
} from "../../api/index.ts";
import { runScenario } from "../../api/run.ts";
import { validateChecks } from "../../engine/check/validate.ts";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { baselineSchema } from "../../scenarios/baseline.ts";

const root = mkdtempSync(join(tmpdir(), "tokensim-outputs-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A probe phase: counts its steps and the largest active count it saw. */
const probe = definePhase("probe", () => {
  let steps = 0;
  let peak = 0;
  return {
    name: "probe",
    run(w) {
      steps++;
      peak = Math.max(peak, w.roster.statusCounts[Status.Active]!);
    },
    columns: [column("probeSteps", "steps", "steps the probe has seen", () => steps)],
    outcomes: {
      probePeak: { unit: "providers", description: "most active providers", read: () => peak },
    },
  };
});

const marketCap = column(
  "marketCapUsd",
  "USD",
  "price times supply",
  (w) => w.amm.price * w.ledger.supply,
);

function scenarioWith(extra: {
  columns?: ReturnType<typeof column>[];
  outcomes?: Record<string, RunOutcome>;
  phases?: PhaseEntry[];
}) {
  return defineScenario({
    name: "outputs-test",
    summary: "declared outputs",
    schema: baselineSchema,
    phases: extra.phases ?? [...DEFAULT_PHASES, probe],
    ...(extra.columns ? { columns: extra.columns } : {}),
    ...(extra.outcomes ? { outcomes: extra.outcomes } : {}),
  });
}

const SMALL = ["providers.initial=20", "sim.steps=48"];

describe("declared outputs", () => {
  it("adds the scenario's and the phases' columns (with units) and outcomes to a run", async () => {
    const s = scenarioWith({
      columns: [marketCap],
      outcomes: {
        endCapUsd: {
          unit: "USD",
          description: "market cap at the end",
          read: (w) => w.amm.price * w.ledger.supply,
        },
      },
    });
    const { summary, steps } = await runScenario(s, { sets: SMALL });
    const names = steps.schema.fields.map((f) => f.name);
    // After the built-in columns: the scenario's, then each phase's.
    expect(names.slice(-2)).toEqual(["marketCapUsd", "probeSteps"]);
    const cap = steps.schema.fields.find((f) => f.name === "marketCapUsd")!;
    expect(cap.metadata.get("unit")).toBe("USD");
    expect(cap.metadata.get("description")).toBe("price times supply");
    expect([...steps.getChild("probeSteps")!]).toEqual(Array.from({ length: 48 }, (_, k) => k + 1));
    const price = steps.getChild("priceUsd")!.toArray();
    const supply = steps.getChild("supplyTokens")!.toArray();
    expect(steps.getChild("marketCapUsd")!.get(47)).toBe(price[47]! * supply[47]!);

    const active = steps.getChild("providersActive")!.toArray() as Float64Array;
    expect(summary.outcomes).toEqual({
      endCapUsd: price[47]! * supply[47]!,
      probePeak: Math.max(...active),
    });
    expect(summary.outcomeInfo?.probePeak).toEqual({
      unit: "providers",
      description: "most active providers",
    });
  });

  it("leaves a scenario that declares nothing exactly as it was (no outcomes key)", async () => {
    const { summary } = await runScenario(scenarioWith({ phases: [...DEFAULT_PHASES] }), {
      sets: SMALL,
    });
    expect("outcomes" in summary).toBe(false);
    expect("outcomeInfo" in summary).toBe(false);
  });

  it("refuses a built-in column's name, a duplicate, and a name that is not an identifier", async () => {
    const taken = column("priceUsd", "USD/token", "again", (w) => w.amm.price);
    await expect(runScenario(scenarioWith({ columns: [taken] }), { sets: SMALL })).rejects.toThrow(
      /the scenario declares column 'priceUsd', which the built-in columns already has/,
    );
    const twice = column("probeSteps", "steps", "again", () => 0);
    await expect(runScenario(scenarioWith({ columns: [twice] }), { sets: SMALL })).rejects.toThrow(
      /phase 'probe' declares column 'probeSteps', which the scenario already has/,
    );
    const bad = { probePeak: { unit: "x", description: "x", read: () => 0 } };
    await expect(runScenario(scenarioWith({ outcomes: bad }), { sets: SMALL })).rejects.toThrow(
      ScenarioError,
    );
    const odd = column("market cap", "USD", "spaces", () => 0);
    await expect(runScenario(scenarioWith({ columns: [odd] }), { sets: SMALL })).rejects.toThrow(
      /a name is a letter then letters, digits or _/,
    );
  });

  it("puts outcomes in a sweep's tables: outcome.<name> per run, and its statistics per point", async () => {
    const out = join(root, "sweep");
    await runSweep(
      { scenario: "per-provider-rewards", runs: 3, sets: ["sim.steps=120"], seed: 3 },
      { out, executor: inThreadRunExecutor },
    );
    const runs = tableFromIPC(readFileSync(join(out, "runs.arrow")));
    const records = [0, 1, 2].map(
      (r) =>
        JSON.parse(readFileSync(join(out, "summaries", `p0000-r0000${r}.json`), "utf8")) as {
          outcomes: Record<string, number>;
        },
    );
    expect([...runs.getChild("outcome.pauses")!]).toEqual(records.map((r) => r.outcomes.pauses));
    const field = runs.schema.fields.find((f) => f.name === "outcome.pausedShare")!;
    expect(field.metadata.get("unit")).toBe("fraction");
    const sweep = tableFromIPC(readFileSync(join(out, "sweep.arrow")));
    const shares = records.map((r) => r.outcomes.pausedShare!);
    expect(sweep.getChild("outcome.pausedShare_mean")!.get(0)).toBeCloseTo(
      shares.reduce((a, b) => a + b, 0) / 3,
      12,
    );
    const steps = tableFromIPC(readFileSync(join(out, "steps", "point=0000", "run=00000.arrow")));
    const pausing = steps.getChild("providersPausing")!.toArray() as Float64Array;
    expect(pausing.reduce((a, b) => a + b, 0)).toBe(records[0]!.outcomes.pauses);
  });

  it("lets check assertions name a run outcome, and refuses a checks outcome of the same name", () => {
    const checks = defineChecks({
      assertions: [{ name: "p", stat: "mean", metric: "probePeak", greaterThan: 0 }],
    });
    expect(() => validateChecks("f.ts", checks, [], [])).toThrow(/unknown metric 'probePeak'/);
    expect(validateChecks("f.ts", checks, [], ["probePeak"]).assertions).toHaveLength(1);
    const clash = defineChecks({ ...checks, outcomes: { probePeak: () => 1 } });
    expect(() => validateChecks("f.ts", clash, [], ["probePeak"])).toThrow(
      /has the name of a run outcome the scenario declares/,
    );
  });
});
