import { failureLine, failureValue, parseFailure, type RunFailure } from "../../data/failures.ts";
import type { ResultDetail } from "../api.ts";
import { h, scrollBox } from "../dom.ts";

/** Where a run's per-step table is downloaded (a single run's is the result's steps table). */
const stepsUrl = (id: string, point: number, run: number, single: boolean) =>
  single
    ? `/api/results/${id}/tables/steps`
    : `/api/results/${id}/points/${point}/runs/${run}/steps`;

/**
 * The runs of a point that failed, shown before anything else of the point:
 * which run, its seed, the invariant that broke, at which step (and day), the
 * values it saw, and its per-step table up to that step. They are left out of
 * every chart and statistic, and the heading says so.
 */
export function failuresBox(
  id: string,
  point: number,
  failures: readonly RunFailure[],
  stepHours: number,
  single: boolean,
): HTMLElement {
  // Each cell names its column (data-label): on a phone a row is a card of labelled lines.
  const cell = (label: string, attrs: Record<string, string>, child: Node | string) =>
    h("td", { "data-label": label, ...attrs }, child);
  const rows = failures.map((f) =>
    h(
      "tr",
      { class: "failed" },
      cell("run", {}, String(f.run)),
      cell("seed", {}, String(f.seed)),
      cell("status", {}, f.status),
      cell("invariant", {}, f.invariant ?? "–"),
      cell(
        "step",
        {},
        f.step === undefined
          ? "–"
          : `${f.step} (day ${Number(((f.step * stepHours) / 24).toFixed(1))})`,
      ),
      cell(
        "values",
        { title: f.message },
        f.values
          ? Object.entries(f.values)
              .map(([k, v]) => `${k} = ${failureValue(v)}`)
              .join(", ")
          : failureLine(f, stepHours),
      ),
      cell(
        "steps",
        {},
        f.hasSteps
          ? h("a", { href: stepsUrl(id, point, f.run, single) }, "arrow")
          : h("span", { class: "muted" }, "none"),
      ),
    ),
  );
  return h(
    "section",
    { class: "failures", id: "failures-box" },
    h(
      "h3",
      {},
      `Failed run${failures.length === 1 ? "" : "s"}: left out of the charts and statistics`,
    ),
    scrollBox(
      h(
        "table",
        { id: "failures", class: "cards" },
        h(
          "tr",
          {},
          ...["run", "seed", "status", "invariant", "step", "values", "steps"].map((t) =>
            h("th", {}, t),
          ),
        ),
        ...rows,
      ),
    ),
  );
}

/** A point's empty state: why it has no charts, in a sentence. */
export const emptyBox = (text: string): HTMLElement =>
  h("p", { class: "empty-state", id: "empty-state" }, text);

/**
 * A result's failed runs, before anything else of it (heatmap, charts): how
 * many failed, that they are left out of every chart and statistic, and which
 * points they belong to, each a link to that point's list of failures
 * (invariant, step, values). Null when every run completed ok.
 */
export function failedBanner(r: ResultDetail): HTMLElement | null {
  // A single run's failure is the first thing of its only point (see failuresBox).
  const failed = r.runs.filter((x) => x.status !== "ok");
  if (r.kind !== "sweep" || failed.length === 0) return null;
  const byPoint = new Map<number, typeof failed>();
  for (const f of failed) byPoint.set(f.point, [...(byPoint.get(f.point) ?? []), f]);
  const invariants = [
    ...new Set(failed.map((f) => parseFailure(f.message).invariant).filter((x) => x !== undefined)),
  ];
  const total = r.runs.length;
  const head =
    failed.length === total
      ? `All ${total} runs failed`
      : `${failed.length} of ${total} runs failed`;
  const broke = invariants.length
    ? ` (invariant${invariants.length === 1 ? "" : "s"} ${invariants.map((i) => `'${i}'`).join(", ")})`
    : "";
  const links = [...byPoint].flatMap(([point, runs], i) => [
    i === 0 ? " " : ", ",
    h(
      "a",
      { href: `#/result/${r.id}/${point}` },
      `point ${point}: ${runs.length === r.runsPerPoint ? "all" : runs.length} failed`,
    ),
  ]);
  return h(
    "p",
    { class: "failures", id: "failed-banner" },
    h(
      "strong",
      { class: "error" },
      `${head}${broke}: left out of every chart, band and statistic.`,
    ),
    ...links,
  );
}
