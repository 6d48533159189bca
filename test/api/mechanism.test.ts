/**
 * A scenario's own mechanisms (`defineMechanism`): the section extends the schema
 * (defaults, `--set`, ranges), the phases join the pipeline (appended, or by
 * name), the columns are recorded after the built-in ones, the invariants stop a
 * run like a built-in one; bad declarations are clear errors.
 */
import { describe, expect, it } from "vitest";
import {
  column,
  DEFAULT_PHASES,
  defineMechanism,
  definePhase,
  defineScenario,
  invariant,
  type Mechanism,
  num,
  ParameterError,
  resolveParams,
  type Scenario,
  ScenarioError,
} from "../../api/index.ts";
import { runScenario } from "../../api/run.ts";
import { BUILTIN_MECHANISMS } from "../../engine/mechanisms/builtins.ts";
import { BASE_COLUMNS } from "../../engine/metrics/columns.ts";
import { baselineSchema } from "../../scenarios/baseline.ts";

const SMALL = ["providers.initial=20", "sim.steps=48"];

/**
 * A small mechanism: each step its phase adds `tally.perStep` to a counter (its
 * state) plus a draw from its own stream; a column shows the counter, and an
 * invariant fails once the step reaches `tally.failAtStep`.
 */
const tally = defineMechanism({
  name: "tally",
  description: "counts steps (a test mechanism)",
  section: {
    perStep: num(2, { unit: "count", description: "added each step", minimum: 0 }),
    failAtStep: num(1e9, { unit: "steps", description: "step at which the invariant fails" }),
  },
  state: () => ({ count: 0, noise: 0 }),
  streams: ["tally"],
  // Functions of the mechanism (`m`): they read its typed state and parameters.
  phases: (m) => [
    definePhase("tally", (w) => {
      const rng = w.stream("tally");
      const p = m.paramsOf(w);
      return {
        name: "tally",
        writes: ["tally"],
        run(w) {
          const s = m.stateOf(w);
          s.count += p.perStep;
          s.noise = rng.next();
        },
      };
    }),
  ],
  columns: (m) => [
    column("tallyCount", "count", "the counter", (w) => m.stateOf(w).count),
    column("tallyNoise", "fraction", "this step's draw", (w) => m.stateOf(w).noise),
  ],
  invariants: (m) => [
    invariant("bounded", "the step is below tally.failAtStep", (w) =>
      w.step >= m.paramsOf(w).failAtStep
        ? { values: { step: w.step, count: m.stateOf(w).count }, detail: "test failure" }
        : undefined,
    ),
  ],
});

const withTally = (extra: Partial<Scenario> = {}) =>
  defineScenario({
    name: "mechanism-test",
    summary: "a user mechanism",
    schema: baselineSchema,
    mechanisms: [tally],
    ...extra,
  });

describe("a scenario's own mechanism", () => {
  it("adds its section to the schema: defaults, --set, and ranges", () => {
    const s = withTally();
    expect(Object.keys(s.schema.properties).at(-1)).toBe("tally");
    const tallyOf = (sets: string[] = []) =>
      (resolveParams(s, sets) as unknown as Record<string, unknown>).tally;
    expect(tallyOf()).toEqual({ perStep: 2, failAtStep: 1e9 });
    expect(tallyOf(["tally.perStep=5"])).toEqual({ perStep: 5, failAtStep: 1e9 });
    expect(() => resolveParams(s, ["tally.perStep=-1"])).toThrow(ParameterError);
    // The built-in sections are unchanged, in their order, before it.
    expect(Object.keys(s.schema.properties).slice(0, -1)).toEqual(
      Object.keys(baselineSchema.properties),
    );
  });

  it("appends its phase, records its columns after the built-in ones, leaves built-in streams alone", async () => {
    const plain = await runScenario(
      defineScenario({ name: "plain", summary: "no mechanism", schema: baselineSchema }),
      { sets: SMALL, seed: 3 },
    );
    const { summary, steps } = await runScenario(withTally(), {
      sets: [...SMALL, "tally.perStep=3"],
      seed: 3,
    });
    expect(summary.status).toBe("ok");
    const names = steps.schema.fields.map((f) => f.name);
    expect(names.slice(-2)).toEqual(["tallyCount", "tallyNoise"]);
    expect(names.slice(0, -2)).toEqual(plain.steps.schema.fields.map((f) => f.name));
    expect(steps.schema.fields.at(-2)!.metadata.get("unit")).toBe("count");
    expect([...steps.getChild("tallyCount")!]).toEqual(
      Array.from({ length: 48 }, (_, k) => 3 * (k + 1)),
    );
    const noise = [...steps.getChild("tallyNoise")!] as number[];
    expect(new Set(noise).size).toBe(48);
    // Its own stream: the built-in mechanisms' draws, and so their columns, are unchanged.
    for (const col of ["priceUsd", "jobsArrived", "providersActive"])
      expect([...steps.getChild(col)!]).toEqual([...plain.steps.getChild(col)!]);
  });

  it("runs its phase where the scenario's phases name it", async () => {
    let seen = -1;
    const first = definePhase("first", () => ({
      name: "first",
      run(w) {
        seen = tally.stateOf(w).count;
      },
    }));
    const s = withTally({ phases: [first, "tally", ...DEFAULT_PHASES] });
    const { steps } = await runScenario(s, { sets: SMALL });
    expect(steps.getChild("tallyCount")!.get(47)).toBe(96);
    // `first` runs before `tally` in the last step: it saw 47 steps' counts.
    expect(seen).toBe(94);
  });

  it("stops the run when its invariant fails, like a built-in one", async () => {
    const { summary, steps } = await runScenario(withTally(), {
      sets: [...SMALL, "tally.failAtStep=5"],
    });
    expect(summary.status).toBe("failed");
    expect(summary.stepsCompleted).toBe(5);
    expect(summary.failure).toMatchObject({
      invariant: "tally.bounded",
      step: 5,
      values: { step: 5, count: 12 },
    });
    expect(summary.failure!.message).toMatch(
      /invariant 'tally.bounded' violated at step 5 \(test failure\)/,
    );
    // The failing step's row is kept.
    expect(steps.numRows).toBe(6);
  });

  it("is applied once: defining the scenario again changes nothing", async () => {
    const s = withTally();
    const again = defineScenario({ ...s, summary: "again" });
    expect(Object.keys(again.schema.properties)).toEqual(Object.keys(s.schema.properties));
    expect(again.phases!.map((p) => (typeof p === "string" ? p : p.name))).toEqual([
      ...DEFAULT_PHASES,
      "tally",
    ]);
    const { steps } = await runScenario(again, { sets: SMALL });
    expect(steps.getChild("tallyCount")!.get(0)).toBe(2);
  });

  it("runs when the scenario is spread with a new pipeline, without defineScenario again", async () => {
    const s = withTally();
    const spread: Scenario = { ...s, phases: ["tally", ...DEFAULT_PHASES] };
    const { summary, steps } = await runScenario(spread, { sets: SMALL });
    expect(summary.status).toBe("ok");
    expect(steps.getChild("tallyCount")!.get(47)).toBe(96);
  });

  it("checks phases' state declarations against its state", async () => {
    const reader = (key: string) =>
      definePhase("reader", () => ({ name: "reader", reads: [key], run() {} }));
    const ok = withTally({ phases: [...DEFAULT_PHASES, "tally", reader("tally.count")] });
    await expect(runScenario(ok, { sets: SMALL })).resolves.toBeDefined();
    const before = withTally({ phases: [...DEFAULT_PHASES, reader("tally.count"), "tally"] });
    await expect(runScenario(before, { sets: SMALL })).rejects.toThrow(
      /phase 'reader' reads 'tally.count' .* must run after 'tally'/,
    );
    const bad = withTally({ phases: [...DEFAULT_PHASES, "tally", reader("tally.nope")] });
    await expect(runScenario(bad, { sets: SMALL })).rejects.toThrow(
      /'tally' has no field 'nope' \(fields: count, noise\)/,
    );
  });
});

describe("bad mechanism declarations", () => {
  const base = { description: "test" };
  const define = (mechanisms: Mechanism[], extra: Partial<Scenario> = {}) =>
    defineScenario({
      name: "bad",
      summary: "bad",
      schema: baselineSchema,
      mechanisms,
      ...extra,
    });

  it("refuses two mechanisms with one name, and a built-in mechanism's name", () => {
    const a = defineMechanism({ ...base, name: "extra" });
    expect(() => define([a, defineMechanism({ ...base, name: "extra" })])).toThrow(
      /bad: mechanism 'extra': mechanism 'extra' has this name already/,
    );
    expect(() => define([defineMechanism({ ...base, name: "demand" })])).toThrow(
      /mechanism 'demand': built-in mechanism 'demand' has this name already/,
    );
  });

  it("refuses a column, phase or stream that is already taken", () => {
    const price = column("priceUsd", "USD/token", "again", (w) => w.amm.price);
    expect(() => define([defineMechanism({ ...base, name: "x", columns: [price] })])).toThrow(
      /mechanism 'x' declares column 'priceUsd', which the built-in columns already has/,
    );
    const c = column("shared", "count", "a column", () => 0);
    expect(() =>
      define([
        defineMechanism({ ...base, name: "x", columns: [c] }),
        defineMechanism({ ...base, name: "y", columns: [c] }),
      ]),
    ).toThrow(/mechanism 'y' declares column 'shared', which mechanism 'x' already has/);
    const market = definePhase("market", () => ({ name: "market", run() {} }));
    expect(() => define([defineMechanism({ ...base, name: "x", phases: [market] })])).toThrow(
      /mechanism 'x' declares phase 'market', which built-in mechanism 'market' already has/,
    );
    expect(() => define([defineMechanism({ ...base, name: "x", streams: ["demand"] })])).toThrow(
      /mechanism 'x' declares stream 'demand', which built-in mechanism 'demand' already has/,
    );
  });

  it("refuses an invariant, phase or column declared twice in one mechanism, and bad names", () => {
    const holds = () => undefined;
    expect(() =>
      defineMechanism({
        ...base,
        name: "x",
        invariants: [invariant("same", "one", holds), invariant("same", "two", holds)],
      }),
    ).toThrow(/mechanism 'x': declares invariant 'same' twice/);
    const c = column("twice", "count", "a column", () => 0);
    expect(() => defineMechanism({ ...base, name: "x", columns: [c, c] })).toThrow(
      /declares column 'twice' twice/,
    );
    expect(() => defineMechanism({ ...base, name: "no good" })).toThrow(
      /mechanism name 'no good': a name is a letter then letters, digits or _/,
    );
    expect(() =>
      defineMechanism({ ...base, name: "x", invariants: [invariant("a.b", "dotted", holds)] }),
    ).toThrow(/invariant 'a.b': a name is a letter then letters, digits or _ or -/);
  });

  it("refuses a mechanism phase that the scenario's phases leave out, and a section that exists", () => {
    expect(() => define([tally], { phases: [...DEFAULT_PHASES] })).toThrow(
      /mechanism 'tally' has phase 'tally', which the scenario's phases leave out/,
    );
    const clash = defineMechanism({
      ...base,
      name: "sectioned",
      section: { a: num(1, { unit: "count", description: "a" }) },
    });
    const schema = defineScenario({
      name: "s",
      summary: "s",
      schema: baselineSchema,
      mechanisms: [clash],
    }).schema;
    const other = defineMechanism({
      ...base,
      name: "sectioned",
      section: { b: num(1, { unit: "count", description: "b" }) },
    });
    expect(() => define([other], { schema })).toThrow(
      /mechanism 'sectioned': the schema already has a parameter section 'sectioned'/,
    );
  });

  it("refuses a state under a name the world already has, and a state that is not an object", async () => {
    const amm = defineMechanism({ ...base, name: "amm", state: () => ({}) });
    await expect(runScenario(define([amm]), { sets: SMALL })).rejects.toThrow(
      /mechanism 'amm': the world already has a 'amm'/,
    );
    const num7 = defineMechanism({ ...base, name: "seven", state: () => 7 });
    await expect(runScenario(define([num7]), { sets: SMALL })).rejects.toThrow(
      /mechanism 'seven': state\(\) returned a number, not an object/,
    );
  });

  it("says what is wrong with something that is not a mechanism", () => {
    expect(() => define([{ name: "x" } as unknown as Mechanism])).toThrow(
      /mechanisms\[0\] is not a mechanism \(declare it with defineMechanism\)/,
    );
    expect(() => define([{ name: "x" } as unknown as Mechanism])).toThrow(ScenarioError);
  });
});

describe("the built-in mechanisms", () => {
  it("declare every built-in column once, and the default pipeline's phases", () => {
    const declared = BUILTIN_MECHANISMS.flatMap((m) => (m.columns ?? []).map((c) => c.name));
    expect([...declared].sort()).toEqual(BASE_COLUMNS.map((c) => c.name).sort());
    const phases = BUILTIN_MECHANISMS.flatMap((m) => (m.phases ?? []).map((p) => p.name));
    expect([...phases].sort()).toEqual([...DEFAULT_PHASES].sort());
  });

  it("give networkSchema its sections, in the mechanisms' order", () => {
    const sections = BUILTIN_MECHANISMS.filter((m) => m.section).map((m) => m.name);
    expect(Object.keys(baselineSchema.properties)).toEqual(sections);
    expect(sections.slice(0, 5)).toEqual(["sim", "providers", "hardware", "regions", "demand"]);
  });
});
