import * as Plot from "@observablehq/plot";
import type { NetworksView } from "../data/networksView.ts";
import type { NamedChart } from "./analysisSet.ts";
import { tickFormat } from "./format.ts";
import { chartWidth, type DrawOptions, marginTopFor, PALETTE, titled, wrapExtra } from "./frame.ts";

/** The outside option's colour: grey, apart from the networks'. */
const OUTSIDE_GREY = "#8c8c8c";

/** A place's colour: the palette in the study's order, grey for the outside option. */
const colorOf = (view: NetworksView, name: string) =>
  name === "outside"
    ? OUTSIDE_GREY
    : PALETTE[view.places.findIndex((p) => p.name === name) % PALETTE.length]!;

/** Long rows (day, place, value) of one series per place; null values are left out. */
function rowsOf(
  view: NetworksView,
  series: (p: NetworksView["places"][number]) => readonly (number | null)[] | undefined,
): { day: number; place: string; value: number }[] {
  const rows: { day: number; place: string; value: number }[] = [];
  for (const p of view.places) {
    const v = series(p);
    if (!v) continue;
    v.forEach((value, i) => {
      if (value !== null) rows.push({ day: view.days[i]!, place: p.name, value });
    });
  }
  return rows;
}

/** One line per place of a daily series, with a legend of the places drawn. */
function placesChart(
  view: NetworksView,
  opts: DrawOptions,
  title: string,
  subtitle: string,
  yLabel: string,
  series: (p: NetworksView["places"][number]) => readonly (number | null)[] | undefined,
): SVGSVGElement {
  const rows = rowsOf(view, series);
  const drawn = view.places.filter((p) => series(p) !== undefined).map((p) => p.name);
  const legend = drawn.map((name) => ({ label: name, color: colorOf(view, name) }));
  const note = rows.length === 0 ? "no step recorded: nothing to draw" : undefined;
  const fit = { ...chartWidth(opts, 640), wrapped: true };
  const extra = wrapExtra(fit, { title, subtitle, legend, note });
  const svg = Plot.plot({
    document: opts.document,
    width: fit.width,
    height: (opts.height ?? 300) + extra,
    marginTop: marginTopFor(note) + extra,
    marginBottom: 44,
    marginLeft: 64,
    marginRight: 24,
    x: { label: "day", labelAnchor: "center", labelOffset: 34, tickFormat: tickFormat("number") },
    y: {
      label: yLabel,
      labelAnchor: "center",
      labelOffset: 52,
      grid: true,
      tickFormat: tickFormat("number"),
    },
    color: { domain: drawn, range: drawn.map((n) => colorOf(view, n)) },
    marks: [
      Plot.line(rows, { x: "day", y: "value", z: "place", stroke: "place", strokeWidth: 1.6 }),
    ],
  }) as SVGSVGElement;
  return titled(svg, opts.document, title, subtitle, legend, note, fit.wrapped);
}

/**
 * The charts of a compete folder, side by side, as the dashboard shows them and
 * `tokensim plot` writes them: GPUs on each network and on the outside option
 * (`networks-gpus`), the expected return per place (`networks-return`), active
 * providers per network (`networks-active`) and each network's token price
 * relative to its start (`networks-price`).
 */
export function networksChartSet(view: NetworksView): NamedChart[] {
  return [
    {
      name: "networks-gpus",
      title: "GPUs per network and on the outside option",
      draw: (opts) =>
        placesChart(
          view,
          opts,
          "GPUs per network and on the outside option",
          `owners' GPUs at the end of each day (onboarding included) · ${view.study}, seed ${view.seed}`,
          "GPUs",
          (p) => p.owners,
        ),
    },
    {
      name: "networks-return",
      title: "Expected return per place",
      draw: (opts) =>
        placesChart(
          view,
          opts,
          "Expected return per place",
          "mean over all owners of what a GPU would earn there, net of power, at the last decision point",
          "USD per GPU-hour",
          (p) => p.returnUsdPerGpuHour,
        ),
    },
    {
      name: "networks-active",
      title: "Active providers per network",
      draw: (opts) =>
        placesChart(
          view,
          opts,
          "Active providers per network",
          "providers serving at the end of each day",
          "providers",
          (p) => p.active,
        ),
    },
    {
      name: "networks-price",
      title: "Token price relative to its start",
      draw: (opts) =>
        placesChart(
          view,
          opts,
          "Token price relative to its start",
          `each network's AMM price over its first day's (${view.places
            .filter((p) => p.priceUsd)
            .map((p) => `${p.name} ${p.priceUsd![0]?.toPrecision(3)} USD`)
            .join(", ")})`,
          "price / first day's",
          (p) => p.priceUsd?.map((v) => v / (p.priceUsd![0] || 1)),
        ),
    },
  ];
}
