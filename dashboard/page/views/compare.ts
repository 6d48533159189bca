import type { ChartSpec } from "../../charts/catalog.ts";
import { PALETTE } from "../../charts/frame.ts";
import type { ResultInfo } from "../../data/resultStore.ts";
import { getJson } from "../api.ts";
import { h, show } from "../dom.ts";
import { fanExtent, type PointView, pointView, union } from "./pointCharts.ts";

const options = (results: ResultInfo[], chosen: string) =>
  results.flatMap((r) =>
    r.points.map((p) => {
      const v = `${r.id}/${p.index}`;
      return h(
        "option",
        { value: v, selected: v === chosen },
        r.points.length > 1 ? `${r.id} · point ${p.index}` : r.id,
      );
    }),
  );

/** The two sides of a comparison: A (left; above on a phone) and B. */
type Side = "A" | "B";

/** A side's letter, in its colour (style.css: `.side-A`, `.side-B`). */
const letter = (side: Side) => h("b", { class: `side-letter side-${side}` }, side);

/**
 * One box of a side (its caption, or one of its charts) under the side's
 * coloured band: its letter and what it shows. Every chart carries it, so that
 * on a phone, where the pairs stand one above the other, no chart is told
 * from the other side's by its subtitle alone.
 */
const sided = (side: Side, view: PointView, ...children: (HTMLElement | undefined)[]) =>
  h(
    "div",
    { class: `side side-${side}`, "data-side": side },
    h("div", { class: "side-band", title: `${side}: ${view.name}` }, letter(side), view.name),
    ...children.filter((c): c is HTMLElement => !!c),
  );

/** What stands for a chart one side has and the other has not: said, never a blank box. */
const notDrawn = (side: Side, spec: ChartSpec) =>
  h(
    "div",
    { class: "chart-empty" },
    h("strong", {}, spec.title),
    h(
      "p",
      { class: "muted" },
      `Not drawn for ${side}: its per-step files have none of its series.`,
    ),
  );

/**
 * The same series in the same colour on both sides: a chart whose two sides
 * have different series (hardware classes) colours each by its place among
 * the series of both.
 */
function sharedColors(a: readonly ChartSpec[], b: readonly ChartSpec[]) {
  const columns = new Map<string, string[]>();
  for (const spec of [...a, ...b]) {
    const seen = columns.get(spec.id) ?? [];
    for (const s of spec.series) if (!seen.includes(s.column)) seen.push(s.column);
    columns.set(spec.id, seen);
  }
  return (spec: ChartSpec): ChartSpec => {
    const all = columns.get(spec.id) ?? [];
    if (all.length < 2) return spec;
    return {
      ...spec,
      series: spec.series.map((s) => ({
        ...s,
        color: PALETTE[all.indexOf(s.column) % PALETTE.length]!,
      })),
    };
  };
}

/**
 * Two results (or two points of a sweep), A and B, chart by chart: side by
 * side on a desktop, A above B on a phone, each pair on one y scale. When one
 * side has nothing to chart, its reason is said once, at its head, and the
 * other side's charts take the whole width.
 */
export async function compareView(root: HTMLElement, a?: string, b?: string): Promise<void> {
  const results = await getJson<ResultInfo[]>("/api/results");
  if (results.length === 0) {
    show(root, h("h1", {}, "Compare"), h("p", { class: "muted" }, "No results on disk yet."));
    return;
  }
  const first = results[0]!;
  const left = a ?? `${first.id}/0`;
  const right = b ?? (first.points.length > 1 ? `${first.id}/1` : `${(results[1] ?? first).id}/0`);
  const go = () => (location.hash = `#/compare/${selA.value}/${selB.value}`);
  const selA = h("select", { id: "compare-a", onchange: go }, ...options(results, left));
  const selB = h("select", { id: "compare-b", onchange: go }, ...options(results, right));
  const body = h("div", { id: "compare" });
  show(
    root,
    h("h1", {}, "Compare side by side"),
    h(
      "p",
      { class: "compare-pick" },
      h("span", {}, letter("A"), " ", selA),
      h("span", {}, letter("B"), " ", selB),
    ),
    body,
  );
  const split = (s: string) => {
    const i = s.lastIndexOf("/");
    return [s.slice(0, i), Number(s.slice(i + 1))] as const;
  };
  const single = (s: string) => results.find((x) => x.id === split(s)[0])?.kind === "run";
  const [l, r] = await Promise.all([
    pointView(...split(left), 560, single(left), true),
    pointView(...split(right), 560, single(right), true),
  ]);
  // Each side's caption, then its failed runs and why it has no charts, if so.
  // An empty side links to its result's page (its runs and table of outcomes).
  const head = (side: Side, v: PointView, at: string) =>
    sided(
      side,
      v,
      v.caption,
      v.failures,
      v.empty,
      v.empty
        ? h("p", {}, h("a", { href: `#/result/${at}`, class: "side-open" }, `Open ${v.name} ›`))
        : undefined,
    );
  const rows = [h("div", { class: "pair" }, head("A", l, left), head("B", r, right))];
  const color = sharedColors(l.specs, r.specs);
  if (l.specs.length > 0 && r.specs.length > 0) {
    // Each pair of charts shares one y scale, so heights compare at a glance; a
    // chart only one side has stands beside a sentence that says so.
    const ids = [...new Set([...l.specs, ...r.specs].map((s) => s.id))];
    for (const id of ids) {
      const sa = l.specs.find((s) => s.id === id);
      const sb = r.specs.find((s) => s.id === id);
      const y = union(sa ? fanExtent(sa, l.fan) : undefined, sb ? fanExtent(sb, r.fan) : undefined);
      const cell = (side: Side, v: PointView, spec: ChartSpec | undefined, other: ChartSpec) =>
        sided(side, v, spec ? v.draw(color(spec), y) : notDrawn(side, other));
      rows.push(
        h("div", { class: "pair" }, cell("A", l, sa, (sa ?? sb)!), cell("B", r, sb, (sa ?? sb)!)),
      );
    }
  } else if (l.specs.length > 0 || r.specs.length > 0) {
    // One side has nothing to chart (said once, at its head): the other's charts
    // take the whole width, two by two on a desktop, as on a result's page.
    const [side, v] = l.specs.length > 0 ? (["A", l] as const) : (["B", r] as const);
    rows.push(
      h(
        "div",
        { class: "charts", id: "compare-charts" },
        ...v.specs.map((s) => sided(side, v, v.draw(s, undefined, 620))),
      ),
    );
  }
  show(body, ...rows);
}
