import { formatNumber } from "../../charts/format.ts";
import { networksChartSet } from "../../charts/networksCharts.ts";
import { hindcastChartSet, optimizeChartSet, stressChartSet } from "../../charts/studySet.ts";
import type { HindcastStudyView } from "../../data/hindcast.ts";
import type { NetworksView } from "../../data/networksView.ts";
import type { OptimizeView } from "../../data/optimizeView.ts";
import type { RareView } from "../../data/rareView.ts";
import type { StressCompareView, StressView } from "../../data/stressView.ts";
import type { StudyInfo } from "../../data/studyFiles.ts";
import { finalistTable, minimalTable, trajectoryNote } from "../../data/studyTables.ts";
import { getJson } from "../api.ts";
import { chartBox, h, show } from "../dom.ts";
import { drawCharts } from "../responsive.ts";
import { rareSections } from "./rareStudy.ts";
import { textTable } from "./tables.ts";

/** GET /api/studies/:id: the study and its view (null while its result is not written). */
type StudyDetail = StudyInfo & {
  view:
    | OptimizeView
    | StressView
    | StressCompareView
    | HindcastStudyView
    | RareView
    | NetworksView
    | null;
};

const empty = (id: string, text: string) => h("p", { class: "empty-state", id }, text);

/** An optimisation: convergence per objective, the Pareto front (several objectives), the finalists. */
function optimizeSections(view: OptimizeView): (HTMLElement | string)[] {
  const charts = h("div", { class: "charts", id: "study-charts" });
  const table = h("div", { id: "finalists-box" });
  const draw = (chosen: number | null) => {
    const marked = { ...view, chosen };
    show(
      charts,
      ...optimizeChartSet(marked, chosen).map((c) =>
        chartBox((maxWidth) => c.draw({ document, maxWidth })),
      ),
    );
    show(table, textTable(finalistTable(marked), "finalists"));
    drawCharts(charts);
  };
  draw(view.chosen);
  const several = view.objectives.length > 1;
  // With several objectives NSGA-II recommends no point: the reader picks the one to mark.
  const pick = several
    ? h(
        "label",
        {},
        "mark finalist ",
        h(
          "select",
          {
            id: "chosen",
            onchange: (e: Event) => draw(Number((e.target as HTMLSelectElement).value)),
          },
          ...view.finalists.map((f, i) =>
            h(
              "option",
              { value: i, selected: i === view.chosen },
              `${i}: ${Object.entries(f.parameters)
                .map(([k, v]) => `${k}=${typeof v === "number" ? formatNumber(v) : v}`)
                .join(" ")}${f.dominated ? " (dominated)" : ""}`,
            ),
          ),
        ),
      )
    : "";
  return [
    h(
      "p",
      {},
      `${view.algorithm}, ${view.generations} generation${view.generations === 1 ? "" : "s"}, stopped by ${view.stopped}; ${view.runs.search} search runs and ${view.runs.final} on fresh seeds. Marked: ${view.chosenWhy}.`,
    ),
    h("h2", {}, several ? "Convergence and Pareto front" : "Convergence"),
    several
      ? ""
      : h(
          "p",
          { class: "muted", id: "pareto-none" },
          "One objective: CMA-ES gives one recommendation, no Pareto front (a study with two or more objectives shows it).",
        ),
    pick,
    charts,
    h("h2", {}, "Best parameters (re-evaluated on fresh seeds)"),
    view.finalists.length === 0 ? empty("finalists-empty", "No finalist was re-evaluated.") : table,
  ];
}

/** Why there is no trajectory chart, with the two `tokensim run` commands that make the runs. */
function trajectoriesBox(view: StressView, folder: string, suffix: string): HTMLElement {
  const t = trajectoryNote(view, folder);
  return h(
    "div",
    { class: "empty-state", id: `trajectories-empty${suffix}` },
    h("p", {}, t.note),
    ...t.commands.map((c) =>
      h("p", {}, `${c.label}: `, h("code", { class: "command" }, c.command)),
    ),
  );
}

/** A stress search: the frontier, the minimal shocks, and why there is no trajectory chart. */
function stressSections(view: StressView, folder: string, suffix = ""): HTMLElement[] {
  const charts = stressChartSet(view);
  return [
    h(
      "p",
      {},
      `${view.scenario}: the cheapest ${view.families.join(" + ")} shock with P(spiral) ≥ ${view.p}; stopped by ${view.stopped}; ${view.runs.search} search runs, ${view.runs.final} on fresh seeds, ${view.runs.legs} re-run for legs.`,
    ),
    h("h2", {}, "Frontier"),
    h(
      "div",
      { class: "charts", id: `frontier${suffix}` },
      ...charts
        .filter((c) => !c.name.startsWith("trajectory-"))
        .map((c) => chartBox((maxWidth) => c.draw({ document, maxWidth }))),
    ),
    h("h2", {}, "Minimal shocks"),
    view.minimal.length === 0
      ? empty(`minimal-empty${suffix}`, "No finalist was re-evaluated.")
      : textTable(minimalTable(view), `minimal${suffix}`),
    h("p", { class: "muted" }, `Cost measure: ${view.costMeasure}`),
    h("h2", {}, "Trajectories"),
    view.trajectories
      ? h(
          "div",
          { class: "charts", id: `trajectories${suffix}` },
          ...charts
            .filter((c) => c.name.startsWith("trajectory-"))
            .map((c) => chartBox((maxWidth) => c.draw({ document, maxWidth }))),
        )
      : trajectoriesBox(view, folder, suffix),
  ];
}

function compareSections(view: StressCompareView, folder: string): (HTMLElement | string)[] {
  const rows = view.values.map((v) =>
    h(
      "tr",
      {},
      h("td", {}, `${view.key}=${v.value}`),
      h("td", {}, v.breakingUsd === null ? "none confirmed" : `${formatNumber(v.breakingUsd)} USD`),
    ),
  );
  return [
    h("h2", {}, `Breaking points by ${view.key}`),
    h(
      "table",
      { id: "breaking-points" },
      h("tr", {}, h("th", {}, "value"), h("th", {}, "breaking point")),
      ...rows,
    ),
    ...view.values.flatMap((v, i) => [
      h("h2", {}, `${view.key}=${v.value}`),
      ...(v.view
        ? stressSections(v.view, `${folder}/${view.key}=${v.value}`, `-${i}`)
        : [empty(`value-empty-${i}`, "This value's stress.json is not written yet.")]),
    ]),
  ];
}

/** A fit or a counterfactual: the observations against each world's simulated band, per series. */
function hindcastSections(view: HindcastStudyView): HTMLElement[] {
  const h0 = view.hindcast;
  return [
    h(
      "p",
      {},
      `${view.counterfactual ? "Counterfactual" : "Fit"} of ${h0.scenario} from ${h0.start}${h0.until ? `, fitted up to ${h0.until} (later observations: the backtest)` : ""}; bands: 10–90% and median over ${h0.runs} runs.`,
    ),
    h("h2", {}, "Hindcast: observed against simulated"),
    h(
      "div",
      { class: "charts", id: "hindcast-charts" },
      ...hindcastChartSet(h0).map((c) => chartBox((maxWidth) => c.draw({ document, maxWidth }))),
    ),
  ];
}

/** One study folder of the results: an optimisation, a stress search or comparison, a fit or counterfactual. */
export async function studyView(root: HTMLElement, id: string): Promise<void> {
  const s = await getJson<StudyDetail>(`/api/studies/${id}`);
  const head = h(
    "h1",
    {},
    `${s.id} `,
    h("small", { class: "muted" }, `${s.scenario} · ${s.kind} · ${s.summary}`),
  );
  // Where the study lies, as the server's results folder is named on its command line.
  const folder = `<results>/${s.id}`;
  if (s.view?.kind === "rare") return show(root, head, ...rareSections(s.view));
  if (s.view?.kind === "networks")
    return show(
      root,
      head,
      ...s.view.lines.map((l) => h("p", { class: "muted" }, l)),
      h(
        "div",
        { class: "charts", id: "networks-charts" },
        ...networksChartSet(s.view).map((c) =>
          chartBox((maxWidth) => c.draw({ document, maxWidth })),
        ),
      ),
    );
  const body =
    s.view === null
      ? [
          empty(
            "study-empty",
            s.kind === "optimize"
              ? "optimize.json is not written yet: the study is running or was interrupted (tokensim optimize --resume continues it)."
              : "stress.json is not written yet: the search is running or was interrupted (tokensim stress --resume continues it).",
          ),
        ]
      : s.view.kind === "hindcast"
        ? hindcastSections(s.view)
        : s.view.kind === "optimize"
          ? optimizeSections(s.view)
          : s.view.kind === "stress"
            ? stressSections(s.view, folder)
            : compareSections(s.view, folder);
  show(root, head, ...body);
}
