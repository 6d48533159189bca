import type { ResultInfo } from "../../data/resultStore.ts";
import type { StudyInfo } from "../../data/studyFiles.ts";
import type { ScenarioEntry } from "../../server/scenarioInfo.ts";
import { getJson, type SweepState } from "../api.ts";
import { h, scrollBox, show } from "../dom.ts";
import { followSweep } from "./progress.ts";

/** The catalogue: bundled scenarios, results on disk, sweeps running now. */
export async function catalogueView(root: HTMLElement): Promise<void> {
  const [scenarios, results, sweeps, studies] = await Promise.all([
    getJson<ScenarioEntry[]>("/api/scenarios"),
    getJson<ResultInfo[]>("/api/results"),
    getJson<SweepState[]>("/api/sweeps"),
    getJson<StudyInfo[]>("/api/studies"),
  ]);
  const running = sweeps.filter((s) => s.status === "running");
  show(
    root,
    h("h1", {}, "Catalogue"),
    ...(running.length
      ? [h("h2", {}, "Running sweeps"), ...running.map((s) => followSweep(s))]
      : []),
    h("h2", {}, `Results on disk (${results.length})`),
    results.length === 0
      ? h("p", { class: "muted" }, "No results yet: launch a sweep.")
      : scrollBox(
          h(
            "table",
            { id: "results" },
            h(
              "tr",
              {},
              ...["result", "scenario", "kind", "points", "runs", "not ok", "swept", ""].map((t) =>
                h("th", {}, t),
              ),
            ),
            ...results.map((r) =>
              h(
                "tr",
                {},
                h("td", {}, h("a", { href: `#/result/${r.id}` }, r.id)),
                h("td", {}, r.scenario),
                h("td", {}, r.kind),
                h("td", {}, String(r.points.length)),
                h(
                  "td",
                  {},
                  `${r.runsDone}/${r.points.length * r.runsPerPoint}${r.complete ? "" : " (incomplete)"}`,
                ),
                h("td", {}, String(r.failedRuns)),
                h("td", {}, r.axes.join(" × ")),
                h("td", {}, h("a", { href: `#/compare/${r.id}` }, "compare")),
              ),
            ),
          ),
        ),
    h("h2", {}, `Optimisation and stress studies (${studies.length})`),
    studies.length === 0
      ? h(
          "p",
          { class: "muted", id: "studies-empty" },
          "No studies: 'tokensim optimize' and 'tokensim stress' folders in the results folder are listed here.",
        )
      : scrollBox(
          h(
            "table",
            { id: "studies" },
            h("tr", {}, ...["study", "scenario", "kind", "what"].map((t) => h("th", {}, t))),
            ...studies.map((s) =>
              h(
                "tr",
                {},
                h("td", {}, h("a", { href: `#/study/${s.id}` }, s.id)),
                h("td", {}, s.scenario),
                h("td", {}, `${s.kind}${s.complete ? "" : " (incomplete)"}`),
                h("td", {}, s.summary),
              ),
            ),
          ),
        ),
    h("h2", {}, `Scenarios (${scenarios.length})`),
    scrollBox(
      h(
        "table",
        { id: "scenarios" },
        ...scenarios.map((s) =>
          h(
            "tr",
            {},
            h("td", {}, h("a", { href: `#/launch/${s.name}` }, s.name)),
            h("td", {}, s.summary),
          ),
        ),
      ),
    ),
  );
}
