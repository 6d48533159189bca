import { ParameterError } from "../errors.ts";
import type { Scenario } from "../scenario.ts";

/** One network of a multi-network study: its scenario and its own parameter overrides. */
export interface NetworkEntry {
  /** The network's scenario (its own token, emission policy, market and demand). */
  readonly scenario: Scenario;
  /** Parameter overrides, as `tokensim run --set` takes them (`key=value`). */
  readonly sets?: readonly string[];
}

/**
 * How GPU owners choose where to run their hardware. Every default is an
 * assumption (docs/networks.md says why).
 */
export interface OwnerRules {
  /** Hours between decision points (default 24: owners look once a day). */
  readonly decisionEveryHours: number;
  /** Share of owners that reconsider at a decision point (inertia; default 0.2). */
  readonly reviewShare: number;
  /** Horizon over which an owner weighs a move (days; default 30). */
  readonly horizonDays: number;
  /** One-off cost of a move (USD per GPU; default 25). */
  readonly switchCostUsd: number;
  /** Downtime of a move besides the new network's onboarding (days; default 1). */
  readonly downtimeDays: number;
  /** Window of the moving average of observed returns (decision points; default 3). */
  readonly returnWindowDecisions: number;
  /** Owners that start on the outside option (GPUs; default 0). */
  readonly outsideInitial: number;
}

/** The outside option: renting the GPU out on a cloud marketplace. */
export interface OutsideOption {
  /** What renters pay per GPU-hour, by hardware class (USD per GPU-hour). */
  readonly usdPerGpuHour: Readonly<Record<string, number>>;
  /** Share of the rental price the host keeps after the marketplace's fee (fraction). */
  readonly hostShare: number;
  /** Share of hours the GPU is rented (fraction). */
  readonly utilisation: number;
}

/** A multi-network study as a file describes it (see {@link defineNetworks}). */
export interface NetworksStudy {
  /** Short name (lower case, digits, dashes). */
  readonly name: string;
  /** One line on what it studies. */
  readonly summary?: string;
  /** The networks, by name (at least two). */
  readonly networks: Readonly<Record<string, NetworkEntry>>;
  /** The owners' decision rule; missing fields take {@link DEFAULT_OWNER_RULES}. */
  readonly owners?: Partial<OwnerRules>;
  /** The outside option (cloud rental). */
  readonly outsideOption: OutsideOption;
}

/** Assumed defaults of {@link OwnerRules} (see docs/networks.md for the reasons). */
export const DEFAULT_OWNER_RULES: OwnerRules = {
  decisionEveryHours: 24,
  reviewShare: 0.2,
  horizonDays: 30,
  switchCostUsd: 25,
  downtimeDays: 1,
  returnWindowDecisions: 3,
  outsideInitial: 0,
};

/** Names a network may not take: they address the other sections in `--set`. */
const RESERVED = new Set(["owners", "outside"]);
const NAME = /^[a-z][a-z0-9-]*$/;

/** Each owner rule's allowed range (inclusive) and whether it must be an integer. */
const OWNER_RANGES: Record<keyof OwnerRules, readonly [number, number, boolean]> = {
  decisionEveryHours: [1, 1e5, false],
  reviewShare: [0, 1, false],
  horizonDays: [1, 1e4, false],
  switchCostUsd: [0, 1e7, false],
  downtimeDays: [0, 1e3, false],
  returnWindowDecisions: [1, 1e4, false],
  outsideInitial: [0, 1e6, true],
};

function checkNumber(label: string, v: unknown, lo: number, hi: number, int = false): number {
  if (
    typeof v !== "number" ||
    !Number.isFinite(v) ||
    v < lo ||
    v > hi ||
    (int && !Number.isInteger(v))
  )
    throw new ParameterError(
      `${label}: expected ${int ? "an integer" : "a number"} in [${lo}, ${hi}], got ${String(v)}`,
    );
  return v;
}

/** The owner rules with defaults filled in, each checked against its range. */
export function ownerRules(o: Partial<OwnerRules> = {}): OwnerRules {
  const out: Record<string, number> = {};
  for (const key of Object.keys(o))
    if (!(key in OWNER_RANGES))
      throw new ParameterError(
        `owners.${key}: unknown owner rule (one of ${Object.keys(OWNER_RANGES).join(", ")})`,
      );
  for (const [key, [lo, hi, int]] of Object.entries(OWNER_RANGES)) {
    const v = (o as Record<string, unknown>)[key] ?? DEFAULT_OWNER_RULES[key as keyof OwnerRules];
    out[key] = checkNumber(`owners.${key}`, v, lo, hi, int);
  }
  return out as unknown as OwnerRules;
}

/** Checks an outside option's numbers (prices ≥ 0, shares in [0, 1]). */
export function checkOutsideOption(o: OutsideOption): OutsideOption {
  if (typeof o !== "object" || o === null || typeof o.usdPerGpuHour !== "object")
    throw new ParameterError("outsideOption: expected { usdPerGpuHour, hostShare, utilisation }");
  for (const [c, v] of Object.entries(o.usdPerGpuHour))
    checkNumber(`outside.usdPerGpuHour.${c}`, v, 0, 1e4);
  checkNumber("outside.hostShare", o.hostShare, 0, 1);
  checkNumber("outside.utilisation", o.utilisation, 0, 1);
  return o;
}

/**
 * Declares a multi-network study: two or more networks, each its own scenario,
 * sharing one population of GPU owners who run each GPU where it earns most net
 * of switching costs, or rent it out on a cloud (the outside option). Checks the
 * shape and the numbers; the networks' parameters are checked when the study is
 * resolved (`resolveStudy`). A file exports it as `networks`:
 *
 * ```ts
 * export const networks = defineNetworks({
 *   name: "render-vs-akash",
 *   networks: { render: { scenario: render }, akash: { scenario: akash } },
 *   owners: { switchCostUsd: 25 },
 *   outsideOption: { usdPerGpuHour: { rtx4090: 0.34 }, hostShare: 0.75, utilisation: 0.5 },
 * });
 * ```
 */
export function defineNetworks(study: NetworksStudy): NetworksStudy {
  if (typeof study !== "object" || study === null)
    throw new ParameterError("defineNetworks: expected a study object");
  if (typeof study.name !== "string" || !NAME.test(study.name))
    throw new ParameterError(
      `defineNetworks: name must be lower case letters, digits and dashes, got ${JSON.stringify(study.name)}`,
    );
  const names = Object.keys(study.networks ?? {});
  if (names.length < 2)
    throw new ParameterError(`${study.name}: expected at least two networks, got ${names.length}`);
  for (const n of names) {
    if (!NAME.test(n) || RESERVED.has(n))
      throw new ParameterError(
        `${study.name}: network name ${JSON.stringify(n)} must be lower case letters, digits and dashes, and not "owners" or "outside"`,
      );
    const e = study.networks[n]!;
    if (typeof e?.scenario?.schema !== "object")
      throw new ParameterError(`${study.name}: network ${n} has no scenario (defineScenario)`);
  }
  ownerRules(study.owners);
  checkOutsideOption(study.outsideOption);
  return study;
}
