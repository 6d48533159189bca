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
  const [l, r] = await Promise.all([
    pointView(...split(left), 560),
    pointView(...split(right), 560),
  ]);
  const rows = [h("div", { class: "pair" }, l.caption, r.caption)];
  // Each pair of charts shares one y scale, so heights compare at a glance.
  for (const spec of l.specs) {
    const other = r.specs.find((s) => s.id === spec.id);
    const y = union(fanExtent(spec, l.fan), other ? fanExtent(other, r.fan) : undefined);
    rows.push(
      h("div", { class: "pair" }, l.draw(spec, y), other ? r.draw(other, y) : h("div", {})),
    );
  }
  show(body, ...rows);
}
