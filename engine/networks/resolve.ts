import { ParameterError } from "../errors.ts";
import type { NetworkParams } from "../params/network.ts";
import { resolveParams, type Scenario } from "../scenario.ts";
import {
  checkOutsideOption,
  type NetworksStudy,
  type OutsideOption,
  type OwnerRules,
  ownerRules,
} from "./spec.ts";

/** One network of a resolved study: its name, scenario and resolved parameters. */
export interface ResolvedNetwork {
  readonly name: string;
  readonly scenario: Scenario;
  readonly params: NetworkParams;
  /** The overrides applied, the study's then the caller's (`key=value`). */
  readonly sets: readonly string[];
}

/** A study with its parameters resolved and checked (see {@link resolveStudy}). */
export interface ResolvedStudy {
  readonly name: string;
  readonly networks: readonly ResolvedNetwork[];
  readonly owners: OwnerRules;
  readonly outside: OutsideOption;
  /** Hardware class names, shared by every network. */
  readonly classNames: readonly string[];
  /** Region names, shared by every network. */
  readonly regionNames: readonly string[];
  /** Steps and hours per step, shared by every network. */
  readonly steps: number;
  readonly stepHours: number;
  /** Steps between decision points. */
  readonly decisionEverySteps: number;
  /** The parameters the study sets in every network whatever the overrides (`key=value`). */
  readonly forced: readonly string[];
}

/**
 * Entry is the owners' decision here: a network's own ROI-driven entry would add
 * providers that belong to no owner, so it is off in every network.
 */
const FORCED = ["economics.entryMaxPerEpoch=0"];

function parseSet(s: string): [string, string] {
  const eq = s.indexOf("=");
  if (eq <= 0) throw new ParameterError(`--set ${s}: expected key=value`);
  return [s.slice(0, eq).trim(), s.slice(eq + 1).trim()];
}

function numberValue(key: string, v: string): number {
  const n = Number(v);
  if (v === "" || !Number.isFinite(n))
    throw new ParameterError(`--set ${key}: expected a number, got "${v}"`);
  return n;
}

/**
 * Resolves a study at overrides `sets`: `<network>.<key>=v` goes to that
 * network's parameters (as `tokensim run --set key=v`), `owners.<rule>=v` to the
 * owners' rules, `outside.hostShare=v`, `outside.utilisation=v` and
 * `outside.usdPerGpuHour.<class>=v` to the outside option. Refuses (a
 * `ParameterError` naming the problem) an unknown network or key, networks that
 * differ in steps, hours per step, hardware classes or regions, a network that
 * sets entry on, and a hardware class without an outside price. Each network's
 * provider store is raised to hold every owner twice over (owners that leave stay
 * in it while their stake unbonds).
 */
export function resolveStudy(study: NetworksStudy, sets: readonly string[] = []): ResolvedStudy {
  const names = Object.keys(study.networks);
  const perNetwork = new Map<string, string[]>(names.map((n) => [n, []]));
  const owners: Record<string, unknown> = { ...(study.owners ?? {}) };
  const outside = {
    usdPerGpuHour: { ...study.outsideOption.usdPerGpuHour },
    hostShare: study.outsideOption.hostShare,
    utilisation: study.outsideOption.utilisation,
  };
  for (const s of sets) {
    const [key, value] = parseSet(s);
    const dot = key.indexOf(".");
    const head = dot < 0 ? key : key.slice(0, dot);
    const rest = dot < 0 ? "" : key.slice(dot + 1);
    if (head === "owners" && rest) owners[rest] = numberValue(key, value);
    else if (head === "outside" && rest.startsWith("usdPerGpuHour.")) {
      const c = rest.slice("usdPerGpuHour.".length);
      if (!(c in outside.usdPerGpuHour))
        throw new ParameterError(`--set ${key}: no hardware class "${c}" in the outside option`);
      outside.usdPerGpuHour[c] = numberValue(key, value);
    } else if (head === "outside" && (rest === "hostShare" || rest === "utilisation"))
      outside[rest] = numberValue(key, value);
    else if (perNetwork.has(head) && rest) perNetwork.get(head)!.push(`${rest}=${value}`);
    else
      throw new ParameterError(
        `--set ${key}: expected <network>.<key> (networks: ${names.join(", ")}), owners.<rule> or outside.<field>`,
      );
  }
  const rules = ownerRules(owners as Partial<OwnerRules>);
  checkOutsideOption(outside);
  const networks: ResolvedNetwork[] = names.map((name) => {
    const e = study.networks[name]!;
    const own = [...(e.sets ?? []), ...perNetwork.get(name)!];
    for (const s of own)
      if (parseSet(s)[0] === "economics.entryMaxPerEpoch")
        throw new ParameterError(
          `${name}.economics.entryMaxPerEpoch: entry is the owners' decision in a multi-network study (it is 0 here)`,
        );
    const all = [...own, ...FORCED];
    try {
      return { name, scenario: e.scenario, params: resolveParams(e.scenario, all), sets: own };
    } catch (err) {
      throw new ParameterError(`network ${name}: ${(err as Error).message}`);
    }
  });
  const first = networks[0]!.params;
  const classNames = Object.keys(first.hardware);
  const regionNames = Object.keys(first.regions);
  for (const n of networks.slice(1)) {
    const p = n.params;
    const same = (a: readonly string[], b: readonly string[]) =>
      a.length === b.length && a.every((x) => b.includes(x));
    if (p.sim.steps !== first.sim.steps || p.sim.stepHours !== first.sim.stepHours)
      throw new ParameterError(
        `networks ${networks[0]!.name} and ${n.name} must run in lock-step: sim.steps ${first.sim.steps} vs ${p.sim.steps}, sim.stepHours ${first.sim.stepHours} vs ${p.sim.stepHours}`,
      );
    if (!same(classNames, Object.keys(p.hardware)))
      throw new ParameterError(
        `networks ${networks[0]!.name} and ${n.name} must share hardware classes (owners move their GPUs between them)`,
      );
    if (!same(regionNames, Object.keys(p.regions)))
      throw new ParameterError(`networks ${networks[0]!.name} and ${n.name} must share regions`);
  }
  for (const c of classNames)
    if (outside.usdPerGpuHour[c] === undefined)
      throw new ParameterError(
        `outside.usdPerGpuHour.${c}: the outside option has no price for ${c}`,
      );
  const totalOwners =
    networks.reduce((a, n) => a + n.params.providers.initial, 0) + rules.outsideInitial;
  for (const n of networks)
    n.params.providers.maxTotal = Math.max(n.params.providers.maxTotal, 2 * totalOwners);
  const decisionEverySteps = Math.max(
    1,
    Math.round(rules.decisionEveryHours / first.sim.stepHours),
  );
  return {
    name: study.name,
    networks,
    owners: rules,
    outside,
    classNames,
    regionNames,
    steps: first.sim.steps,
    stepHours: first.sim.stepHours,
    decisionEverySteps,
    forced: FORCED,
  };
}
