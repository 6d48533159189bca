import { formatNumber } from "../charts/format.ts";
import type { Interval, OptimizeView } from "./optimizeView.ts";
import type { StressView } from "./stressView.ts";

/** A table as text cells: the page and `tokensim plot`'s index.html both show it. */
export interface TextTable {
  headers: string[];
  rows: string[][];
  /** Index of the row to highlight (the chosen finalist, the breaking point), or null. */
  marked: number | null;
}

/** A number to 4 significant digits with SI prefixes (see formatNumber); "–" when absent. */
const n = (v: number | string | null | undefined): string =>
  typeof v === "string"
    ? v
    : v === null || v === undefined || !Number.isFinite(v)
      ? "–"
      : formatNumber(v);

/** An estimate with its interval: `0.25 [0.071, 0.59]`. */
const withInterval = (e: Interval): string =>
  e.estimate === null
    ? "–"
    : e.lower === null || e.upper === null
      ? n(e.estimate)
      : `${n(e.estimate)} [${n(e.lower)}, ${n(e.upper)}]`;

/**
 * The finalists of a study, re-evaluated on fresh seeds: each searched
 * parameter, each objective and constraint with its interval (a constraint
 * also with its verdict), runs, and whether it is feasible (and, with several
 * objectives, on the front). The chosen finalist is marked.
 */
export function finalistTable(view: OptimizeView): TextTable {
  const keys = view.ranges.map((r) => r.key);
  const several = view.objectives.length > 1;
  const headers = [
    "",
    ...keys,
    ...view.objectives.map((o) => o.spec),
    ...view.constraints,
    "runs",
    several ? "front" : "feasible",
    "why shortlisted",
  ];
  const rows = view.finalists.map((f, i) => [
    i === view.chosen ? "chosen" : "",
    ...keys.map((k) => n(f.parameters[k])),
    ...f.objectives.map(withInterval),
    ...f.constraints.map((c) => `${c.verdict}: ${withInterval(c)}`),
    f.failedRuns > 0 ? `${f.runs} (${f.failedRuns} failed)` : String(f.runs),
    several
      ? f.feasible && !f.dominated
        ? "yes"
        : f.feasible
          ? "dominated"
          : "infeasible"
      : f.feasible
        ? "yes"
        : "no",
    f.source,
  ]);
  return { headers, rows, marked: view.chosen };
}

const LEGS: Record<string, string> = {
  priceDrawdown: "price drawdown",
  providerExodus: "provider exodus",
  demandChurn: "demand churn",
};

/**
 * The minimal shocks of a stress search (re-evaluated on fresh seeds, those at
 * or above p first, then by cost): parameters, cost, P(spiral) with its
 * interval and verdict, spiralled runs, and the leg that started most spirals.
 */
export function minimalTable(view: StressView): TextTable {
  const keys = [...new Set(view.minimal.flatMap((m) => Object.keys(m.parameters)))];
  const headers = [
    "",
    ...keys,
    "cost (USD)",
    `P(spiral), ${Math.round(view.confidence * 100)}% interval`,
    "spiralled runs",
    "started by",
    "why shortlisted",
  ];
  const rows = view.minimal.map((m, i) => [
    i === view.breakingPoint ? "breaking point" : m.feasible ? "" : "below p",
    ...keys.map((k) => n(m.parameters[k])),
    n(m.costUsd),
    `${withInterval(m.pSpiral)} (${m.pSpiral.verdict})`,
    `${m.spirals} of ${m.runs}`,
    m.firstLeg === null
      ? "–"
      : `${LEGS[m.firstLeg] ?? m.firstLeg} (${m.legRuns} run${m.legRuns === 1 ? "" : "s"} examined${m.meanStartStep === null ? "" : `, mean start step ${Math.round(m.meanStartStep)}`})`,
    m.source,
  ]);
  return { headers, rows, marked: view.breakingPoint };
}

/** The parameter that switches each shock family on (its start step; -1: off), as engine/stress has it. */
const FAMILY_SWITCH: Record<string, string> = {
  crash: "shocks.crashStartStep",
  liquidity: "shocks.liquidityStep",
  power: "shocks.powerStartStep",
  hardware: "shocks.hardwareGenStep",
};

/** Why the stress view has no trajectory chart, and the commands that make the two runs. */
export interface TrajectoryNote {
  note: string;
  /** `tokensim run` of the breaking point, then of the baseline (none without a breaking point). */
  commands: { label: string; command: string }[];
}

/**
 * Why the stress view has no trajectory chart, and how to get the two runs:
 * `tokensim stress` keeps no per-step files, so the breaking point's and the
 * baseline's (the searched shock families switched off) are replayed with
 * `tokensim run` on the wrapper scenario in the study folder.
 */
export function trajectoryNote(view: StressView, studyFolder: string): TrajectoryNote {
  const bp = view.breakingPoint === null ? undefined : view.minimal[view.breakingPoint];
  const none =
    "No trajectories: this stress output holds no per-step files of its breaking point (stress.json names none)";
  if (!bp) return { note: `${none}, and it confirmed no breaking point to replay.`, commands: [] };
  const sets = (list: readonly string[]) => list.map((s) => ` --set ${s}`).join("");
  const off = view.families.flatMap((f) => (FAMILY_SWITCH[f] ? [FAMILY_SWITCH[f]] : []));
  const baseline = [
    ...view.sets.filter((s) => !off.includes(s.split("=")[0]!)),
    ...off.map((k) => `${k}=-1`),
  ];
  const run = `tokensim run ${studyFolder}/stress-scenario.mts`;
  return {
    note: `${none}. Replay the breaking point and the baseline (the same network without the searched shocks) to compare their trajectories:`,
    commands: [
      { label: "breaking point", command: `${run}${sets([...view.sets, ...bp.sets])} --out bp` },
      { label: "baseline", command: `${run}${sets(baseline)} --out baseline` },
    ],
  };
}
