import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { Kind, type TObject, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ScenarioError } from "./errors.ts";
import { importFile } from "./importFile.ts";
import type { Mechanism } from "./mechanisms/mechanism.ts";
import { withMechanisms } from "./mechanisms/scenarioMechanisms.ts";
import type { NetworkParams } from "./params/network.ts";
import { applyOverrides, checkParams } from "./params/overrides.ts";
import { validateNetwork } from "./params/validate.ts";
import type { Column, RunOutcome } from "./pipeline/outputs.ts";
import type { PhaseFactory } from "./pipeline/phases.ts";

/** A phase in a scenario's pipeline: a registered phase's name, or a custom phase. */
export type PhaseEntry = string | { readonly name: string; readonly create: PhaseFactory };

/** What a scenario module exports (as `scenario`, or as its default export). */
export interface Scenario {
  /** Short identifier, e.g. "baseline". */
  readonly name: string;
  /** One line for `tokensim scenarios`. */
  readonly summary: string;
  /** The parameter schema, with every default, unit and range (see `networkSchema`). */
  readonly schema: TObject;
  /**
   * The step pipeline; defaults to `DEFAULT_PHASES`, followed by the phases of
   * the scenario's own `mechanisms`. A mechanism's phase is named like a built-in
   * one (`"rewards"`); with `mechanisms`, each of their phases must be in the list.
   */
  readonly phases?: readonly PhaseEntry[];
  /**
   * The scenario's own mechanisms (see `defineMechanism`): their sections extend
   * the schema, their phases join the pipeline, their columns are recorded and
   * their invariants checked every step, after the built-in ones.
   */
  readonly mechanisms?: readonly Mechanism[];
  /** Per-step columns added to the output after the built-in ones (phases may add theirs). */
  readonly columns?: readonly Column[];
  /** Per-run outcomes added to the summary (phases may add theirs). */
  readonly outcomes?: Readonly<Record<string, RunOutcome>>;
}

/**
 * Declares a scenario: type-checks the definition, and applies its `mechanisms`
 * (their sections added to the schema, their phases resolved in the pipeline; a
 * bad declaration is an error). Without mechanisms it returns `s` itself. A run
 * applies them again when it starts (it changes nothing the second time), so a
 * scenario spread with a new `phases` list still runs its mechanisms.
 */
export function defineScenario(s: Scenario): Scenario {
  return withMechanisms(s);
}

/** The scenario's default parameters, from its schema. */
export function defaultParams(s: Scenario): NetworkParams {
  return Value.Create(s.schema) as NetworkParams;
}

/**
 * Resolves a scenario's parameters: defaults, then `key=value` overrides, then
 * schema and cross-field validation.
 */
export function resolveParams(s: Scenario, sets: readonly string[] = []): NetworkParams {
  const params = applyOverrides(s.schema, defaultParams(s), sets);
  checkParams(s.schema, params);
  validateNetwork(params);
  return params;
}

/** Directory of the bundled scenarios. */
const SCENARIO_DIR = new URL("../scenarios/", import.meta.url);

/**
 * The file of a scenario reference: a bundled scenario's name (`baseline`) as its
 * file in scenarios/, or a file path (`scenarios/baseline.ts`, `./my-network.ts`) as
 * an absolute path. A bundled name always means the bundled file, whatever the
 * working directory holds (a file or folder called `baseline` there is never
 * loaded by that name; write `./baseline` for it). The one resolver that run,
 * sweep, check and the dashboard share.
 */
export function scenarioPath(ref: string): string {
  const bundled = fileURLToPath(new URL(`${ref}${BUNDLED_EXT}`, SCENARIO_DIR));
  if (BUNDLED_NAME.test(ref) && existsSync(bundled)) return bundled;
  return existsSync(ref) ? resolve(ref) : bundled;
}

/** What a bundled scenario's name looks like: no path, no extension. */
const BUNDLED_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** The bundled scenarios' file extension: `.ts` from source, `.js` in the compiled package. */
const BUNDLED_EXT = import.meta.url.endsWith(".ts") ? ".ts" : ".js";

/** The bundled scenarios' names (the files in scenarios/), sorted. */
export function bundledScenarioNames(): string[] {
  return readdirSync(fileURLToPath(SCENARIO_DIR))
    .filter((f) => f.endsWith(BUNDLED_EXT) && !f.endsWith(".d.ts"))
    .map((f) => f.slice(0, -BUNDLED_EXT.length))
    .sort();
}

/**
 * Imports a scenario reference's module (see {@link scenarioPath}), with its
 * `scenario` and any other exports (`checks`, `sweep`). Errors name the file and
 * the problem.
 */
export async function loadScenarioModule(
  ref: string,
): Promise<{ path: string; module: Record<string, unknown> }> {
  if (ref.trim() === "")
    throw new ScenarioError(
      `expected a scenario: a bundled name (${bundledScenarioNames()[0] ?? "baseline"}) or a file, got an empty string`,
    );
  const path = scenarioPath(ref);
  if (!existsSync(path))
    throw new ScenarioError(`${ref}: no such scenario file or bundled scenario`);
  try {
    return { path, module: await importFile(path) };
  } catch (err) {
    throw new ScenarioError(`${ref}: cannot load: ${loadErrorMessage(err)}`);
  }
}

/**
 * Loads a scenario from a file path (`scenarios/baseline.ts`) or a bundled
 * scenario's name (`baseline`). Errors name the file and the problem.
 */
export async function loadScenario(ref: string): Promise<Scenario> {
  const { module: mod } = await loadScenarioModule(ref);
  const s = (mod.scenario ?? mod.default) as Partial<Scenario> | undefined;
  if (s === undefined) throw new ScenarioError(`${ref}: exports no 'scenario' (or default export)`);
  if (!s || typeof s !== "object")
    throw new ScenarioError(
      `${ref}: its 'scenario' export is ${s === null ? "null" : `a ${typeof s}`}, not a scenario (use defineScenario({ name, summary, schema }))`,
    );
  for (const key of ["name", "summary", "schema"] as const) {
    if (!s[key]) throw new ScenarioError(`${ref}: scenario has no '${key}'`);
  }
  // TypeBox cannot read a schema it did not build ("Unknown type"): say what is wrong.
  if (typeof s.schema !== "object" || (s.schema as TSchema)[Kind] !== "Object")
    throw new ScenarioError(
      `${ref}: the scenario's 'schema' is not a parameter schema (build it with networkSchema() or Type.Object)`,
    );
  if (s.phases !== undefined && !Array.isArray(s.phases))
    throw new ScenarioError(
      `${ref}: the scenario's 'phases' is ${s.phases === null ? "null" : `a ${typeof s.phases}`}, not a list of phases`,
    );
  if (s.mechanisms !== undefined && !Array.isArray(s.mechanisms))
    throw new ScenarioError(
      `${ref}: the scenario's 'mechanisms' is ${s.mechanisms === null ? "null" : `a ${typeof s.mechanisms}`}, not a list of mechanisms`,
    );
  // A scenario exported without defineScenario gets its mechanisms applied here.
  return withMechanisms(s as Scenario);
}

/**
 * What a module threw at import, as text: an Error's message, or the thrown value
 * itself (`throw "x"`, `throw null`, an object whose `message` getter throws).
 */
function thrownText(err: unknown): string {
  try {
    if (err instanceof Error) return String(err.message);
    const message = (err as { message?: unknown } | null | undefined)?.message;
    if (typeof message === "string") return message;
    const shown = typeof err === "object" && err !== null ? JSON.stringify(err) : undefined;
    return `it threw ${typeof err === "string" ? JSON.stringify(err) : (shown ?? String(err))}`;
  } catch {
    return "it threw a value that cannot be shown";
  }
}

/** The useful part of an import failure: the first lines (a syntax error's place is on line 2). */
function loadErrorMessage(err: unknown): string {
  const lines = stripVTControlCharacters(thrownText(err))
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const text = lines.slice(0, 3).join(" ");
  // tsx treats a .ts file as CommonJS outside a `"type": "module"` package, and Node
  // then refuses the scenario's ES imports with a message about require() cycles.
  if (/require\(\) ES Module|ERR_REQUIRE_CYCLE_MODULE|ERR_REQUIRE_ESM/.test(text))
    return `${text} (scenario files are ES modules: name the file .mts, or put a package.json with "type": "module" in its folder or above)`;
  return text;
}
