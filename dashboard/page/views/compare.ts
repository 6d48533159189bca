import type { ResultInfo } from "../../data/resultStore.ts";
import { getJson } from "../api.ts";
import { h, show } from "../dom.ts";
import { fanExtent, pointView, union } from "./pointCharts.ts";

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

/** Two results (or two points of a sweep) side by side, chart by chart. */
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
  show(root, h("h1", {}, "Compare side by side"), h("p", {}, "left ", selA, " right ", selB), body);
  const split = (s: string) => {
    const i = s.lastIndexOf("/");
    return [s.slice(0, i), Number(s.slice(i + 1))] as const;
  };
  const single = (s: string) => results.find((x) => x.id === split(s)[0])?.kind === "run";
  const [l, r] = await Promise.all([
    pointView(...split(left), 560, single(left)),
    pointView(...split(right), 560, single(right)),
  ]);
  // Each side's caption, then its failed runs and why it has no charts, if so.
  const head = (v: typeof l) =>
    h("div", {}, ...[v.caption, v.failures, v.empty].filter((e): e is HTMLElement => !!e));
  const rows = [h("div", { class: "pair" }, head(l), head(r))];
  // Each pair of charts shares one y scale, so heights compare at a glance; a
  // chart only one side has stands beside an empty place.
  const ids = [...new Set([...l.specs, ...r.specs].map((s) => s.id))];
  for (const id of ids) {
    const a = l.specs.find((s) => s.id === id);
    const b = r.specs.find((s) => s.id === id);
    const y = union(a ? fanExtent(a, l.fan) : undefined, b ? fanExtent(b, r.fan) : undefined);
    rows.push(
      h("div", { class: "pair" }, a ? l.draw(a, y) : h("div", {}), b ? r.draw(b, y) : h("div", {})),
    );
  }
  show(body, ...rows);
}
