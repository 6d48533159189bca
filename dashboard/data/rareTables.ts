import { formatNumber } from "../charts/format.ts";
import type { RareView } from "./rareView.ts";
import type { TextTable } from "./studyTables.ts";

// Text of a rare-event view for the page and for `tokensim plot`'s index.html: no
// Node imports here (the page bundles this file).

/** A count with thousands separators: 610,620. */
const int = (v: number): string => v.toLocaleString("en-US");

const finite = (v: unknown): number | null =>
  typeof v === "number" && Number.isFinite(v) ? v : null;

/** A figure to 3 significant digits ("–" when absent), thousands with SI prefixes. */
const f3 = (v: number | null): string =>
  v === null ? "–" : Math.abs(v) >= 1000 ? formatNumber(v) : Number(v.toPrecision(3)).toString();

/**
 * The estimate in words, as the page and `tokensim plot`'s index.html show it:
 * the estimate, its interval and relative error; the simulations spent; the
 * method and the score; the replicas that did not reach the event.
 */
export function rareLines(v: RareView): string[] {
  const pct = Math.round(v.confidence * 100);
  const lines = [
    `${v.scenario}: P(${v.event}) = ${f3(v.estimate)}, ${pct}% CI [${f3(v.lower)}, ${f3(v.upper)}], relative error ${f3(v.relativeError)}.`,
    `Spent ${int(v.runs)} runs and ${int(v.steps)} steps, replay included (${f3(v.steps / v.stepsPerRun)} full runs of ${int(v.stepsPerRun)} steps); seed ${v.seed}.`,
    `Method: ${v.method}; score ${v.score}, the event at level ${f3(v.level)}.`,
  ];
  if (v.incomplete > 0)
    lines.push(
      `${v.incomplete} of ${v.replicas} replicas did not reach the event (extinct or out of budget): the upper end uses their bound.`,
    );
  if (v.invariantFailures > 0)
    lines.push(`${v.invariantFailures} runs were stopped by an invariant violation.`);
  if (v.sets.length > 0) lines.push(`Overrides: ${v.sets.join(" ")}`);
  return lines;
}

/** Each replica's estimate, bound, status, iterations and cost (rare.json's `perReplica`). */
export function replicaTable(v: RareView): TextTable {
  return {
    headers: ["replica", "estimate", "bound", "status", "iterations", "runs", "steps"],
    rows: v.perReplica.map((r) => [
      String(r.replica),
      f3(finite(r.estimate)),
      f3(finite(r.bound)),
      r.status,
      String(r.iterations),
      int(r.runs),
      int(r.steps),
    ]),
    marked: null,
  };
}
