import { Kind, type TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { isFixed } from "../../engine/params/fix.ts";
import { leafParams } from "../../engine/params/overrides.ts";
import { bundledScenarioNames, loadScenario } from "../../engine/scenario.ts";

/** A bundled scenario in the catalogue. */
export interface ScenarioEntry {
  name: string;
  summary: string;
}

/** One parameter of a scenario, as the launcher form shows it. */
export interface ParamField {
  key: string;
  kind: "number" | "integer" | "boolean" | "choice" | "string";
  default: unknown;
  unit: string;
  description: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  options?: string[];
}

/** The bundled scenarios' names (files in scenarios/), sorted. */
export const scenarioNames = bundledScenarioNames;

let cache: ScenarioEntry[] | undefined;

/** The bundled scenarios with their one-line summaries. */
export async function listScenarios(): Promise<ScenarioEntry[]> {
  if (cache) return cache;
  const out: ScenarioEntry[] = [];
  for (const name of scenarioNames()) {
    const s = await loadScenario(name);
    out.push({ name, summary: s.summary });
  }
  cache = out;
  return out;
}

const kindOf = (s: TSchema): ParamField["kind"] => {
  switch (s[Kind]) {
    case "Number":
      return "number";
    case "Integer":
      return "integer";
    case "Boolean":
      return "boolean";
    case "Union":
      return "choice";
    default:
      return "string";
  }
};

/** Every settable parameter of a bundled scenario: key, kind, default, unit, range, meaning. */
export async function scenarioParams(name: string): Promise<ParamField[]> {
  const scenario = await loadScenario(name);
  const defaults = Value.Create(scenario.schema) as Record<string, unknown>;
  // Parameters the scenario fixes are not offered: a launch could not set them.
  const settable = leafParams(scenario.schema).filter((l) => !isFixed(l.schema));
  return settable.map(({ path, schema }) => {
    const field: ParamField = {
      key: path,
      kind: kindOf(schema),
      default: path
        .split(".")
        .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], defaults),
      unit: typeof schema.unit === "string" ? schema.unit : "",
      description: typeof schema.description === "string" ? schema.description : "",
    };
    for (const k of ["minimum", "maximum", "exclusiveMinimum"] as const)
      if (typeof schema[k] === "number") field[k] = schema[k];
    if (schema[Kind] === "Union")
      field.options = (schema.anyOf as TSchema[]).map((s) => String(s.const));
    return field;
  });
}
