import { analysisCharts } from "../../charts/analysisSet.ts";
import { type AnalysisPayload, fromPayload } from "../../data/analysisPayload.ts";
import { getJson } from "../api.ts";
import { chartBox, h } from "../dom.ts";

/**
 * A sweep's sensitivity analysis (analysis.json from `tokensim analyze`): the
 * same charts as `tokensim plot`, drawn at their box's width; a line saying
 * why when the analysis has nothing to chart (a grid sweep without --require).
 */
export async function analysisSection(id: string): Promise<HTMLElement> {
  const data = fromPayload(await getJson<AnalysisPayload>(`/api/results/${id}/analysis`));
  const charts = analysisCharts(data);
  const a = data.analysis;
  const what = `${a.method} design, ${a.samples} ${a.method === "morris" ? "trajectories" : "samples"}, ${a.parameters.length} parameters, ${a.outcomes.length} outcome${a.outcomes.length === 1 ? "" : "s"}`;
  return h(
    "section",
    { id: "analysis" },
    h("h2", {}, "Sensitivity analysis"),
    h("p", { class: "muted" }, `From analysis.json: ${what}.`),
    charts.length === 0
      ? h(
          "p",
          { class: "empty-state", id: "analysis-empty" },
          "This analysis has no chart: it holds no Sobol indices (a saltelli design), no Morris effects (a morris design) and no rule list over two numeric parameters (analyze --require).",
        )
      : h(
          "div",
          { class: "charts" },
          ...charts.map((c) => chartBox((maxWidth) => c.draw({ document, maxWidth }))),
        ),
  );
}
