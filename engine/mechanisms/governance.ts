import type { TSchema } from "@sinclair/typebox";
import { ParameterError } from "../errors.ts";
import type { NetworkParams } from "../params/network.ts";
import { networkSchema } from "../params/network.ts";
import { leafParams } from "../params/overrides.ts";
import { GOVERNABLE, SCHEDULED_CHANGES } from "../params/sections/governance.ts";
import { validateNetwork } from "../params/validate.ts";

/** A parameter governance may change (see `GOVERNABLE`). */
export type Governable = (typeof GOVERNABLE)[number];

/** One scheduled change: from step `step` on, `param` = `value`. */
export interface ScheduledChange {
  readonly step: number;
  readonly param: Governable;
  readonly value: number;
  /** Its slot, `governance.change<k>` (1-based). */
  readonly slot: number;
}

/** Why a parameter changed: a scheduled change, or the price rule after its vote. */
export type GovernanceCause = "schedule" | "rule";

/**
 * One parameter change, as recorded in `GovernanceState.events`: at step
 * `step` (day `day` = step · stepHours / 24 from the run's start) `key` went
 * from `from` to `to` (the parameter's unit).
 */
export interface GovernanceEvent {
  readonly step: number;
  readonly day: number;
  readonly key: Governable;
  readonly from: number;
  readonly to: number;
  readonly cause: GovernanceCause;
}

/** The value of a governable parameter in `p`. */
function paramValue(p: NetworkParams, key: Governable): number {
  const [section, field] = key.split(".") as [string, string];
  return (p as unknown as Record<string, Record<string, number>>)[section]![field]!;
}

/** Sets a governable parameter in `p` (in place). */
function setParam(p: NetworkParams, key: Governable, value: number): void {
  const [section, field] = key.split(".") as [string, string];
  (p as unknown as Record<string, Record<string, number>>)[section]![field] = value;
}

/** The range of each governable parameter, from the schema. */
function ranges(p: NetworkParams): Map<string, TSchema> {
  const schema = networkSchema({ hardware: p.hardware, regions: p.regions });
  return new Map(
    leafParams(schema)
      .filter((l) => (GOVERNABLE as readonly string[]).includes(l.path))
      .map((l) => [l.path, l.schema]),
  );
}

/** `value` limited to a parameter's range (inclusive bounds; an exclusive minimum is kept out). */
function clampToRange(schema: TSchema, value: number): number {
  const s = schema as { minimum?: number; maximum?: number; exclusiveMinimum?: number };
  let v = value;
  if (s.maximum !== undefined) v = Math.min(v, s.maximum);
  if (s.minimum !== undefined) v = Math.max(v, s.minimum);
  return v;
}

/**
 * The run's scheduled changes (`governance.change1` … `change4` with a step ≥ 0),
 * by step, then slot. Each value must be within its parameter's range, and the
 * parameters after each change must pass the network's checks
 * (`validateNetwork`: shares that must not add up to more than 1 ...);
 * otherwise a {@link ParameterError} names the change.
 */
export function scheduledChanges(p: NetworkParams): ScheduledChange[] {
  const g = p.governance;
  const out: ScheduledChange[] = [];
  const slots = [g.change1, g.change2, g.change3, g.change4];
  for (let k = 0; k < SCHEDULED_CHANGES; k++) {
    const c = slots[k]!;
    if (c.step >= 0) out.push({ step: c.step, param: c.param, value: c.value, slot: k + 1 });
  }
  out.sort((a, b) => a.step - b.step || a.slot - b.slot);
  const range = ranges(p);
  const scratch = structuredClone(p);
  for (const c of out) {
    const s = range.get(c.param) as
      | { minimum?: number; maximum?: number; exclusiveMinimum?: number }
      | undefined;
    const where = `governance.change${c.slot}: ${c.param}=${c.value}`;
    if (
      s &&
      ((s.minimum !== undefined && c.value < s.minimum) ||
        (s.maximum !== undefined && c.value > s.maximum) ||
        (s.exclusiveMinimum !== undefined && c.value <= s.exclusiveMinimum))
    )
      throw new ParameterError(
        `${where} is outside the parameter's range (${s.minimum ?? s.exclusiveMinimum} to ${s.maximum})`,
      );
    setParam(scratch, c.param, c.value);
    try {
      validateNetwork(scratch);
    } catch (err) {
      if (err instanceof ParameterError) throw new ParameterError(`${where}: ${err.message}`);
      throw err;
    }
  }
  return out;
}

/** The multiplied value of the rule's parameter, within the parameter's range. */
export function ruleValue(p: NetworkParams): number {
  const r = p.governance.rule;
  const schema = ranges(p).get(r.param);
  const v = paramValue(p, r.param) * r.multiplier;
  return schema ? clampToRange(schema, v) : v;
}

/**
 * Governance state in `World` (`w.governance`): the changes applied, the
 * rule's firing and effect steps, and the prices its look-back reads.
 */
export class GovernanceState {
  /** Changes applied so far, scheduled and by the rule (changes). */
  applied = 0;
  /** Changes applied this step (changes). */
  appliedStep = 0;
  /** The step at which the rule fired, and the step its change took or takes effect (−1: not yet). */
  ruleFiredStep = -1;
  ruleEffectStep = -1;
  /** Prices the phase saw in the last `windowDays` of steps (USD/token; ring, `[step % length]`). */
  readonly priceRing: Float64Array;
  /** Every change applied so far, in the order applied. */
  readonly events: GovernanceEvent[] = [];

  constructor(p: NetworkParams) {
    const g = p.governance;
    const on = g.enabled && g.rule.dropShare > 0;
    this.priceRing = new Float64Array(on ? windowSteps(p) : 1);
  }
}

/** The rule's look-back in steps (at least 1). */
export function windowSteps(p: NetworkParams): number {
  return Math.max(1, Math.round((p.governance.rule.windowDays * 24) / p.sim.stepHours));
}

/**
 * Whether the rule fires at `step`, the price when the governance phase runs
 * being `price`: it records the price, and fires (once per run) when
 * `price ≤ (1 − dropShare) · price windowSteps earlier`.
 */
export function ruleFires(
  p: NetworkParams,
  g: GovernanceState,
  step: number,
  price: number,
): boolean {
  const ring = g.priceRing;
  const w = ring.length;
  const slot = step % w;
  const earlier = ring[slot]!;
  ring[slot] = price;
  if (g.ruleFiredStep >= 0 || step < w) return false;
  return price <= (1 - p.governance.rule.dropShare) * earlier;
}

/**
 * Applies one change to the run's parameters `p` (in place) and records it in
 * `g.events` with the value it replaced.
 */
export function applyChange(
  p: NetworkParams,
  g: GovernanceState,
  step: number,
  key: Governable,
  value: number,
  cause: GovernanceCause,
): void {
  const from = paramValue(p, key);
  setParam(p, key, value);
  g.events.push({ step, day: (step * p.sim.stepHours) / 24, key, from, to: value, cause });
  g.appliedStep++;
}
