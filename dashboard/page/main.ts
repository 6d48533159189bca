import { h, show } from "./dom.ts";
import { drawCharts } from "./responsive.ts";
import { calibrationView } from "./views/calibration.ts";
import { catalogueView } from "./views/catalogue.ts";
import { compareView } from "./views/compare.ts";
import { launcherView } from "./views/launcher.ts";
import { resultView } from "./views/result.ts";
import { studyView } from "./views/study.ts";

const root = document.getElementById("app")!;

/** Hash routes: #/, #/launch[/scenario], #/result/:id[/point], #/study/:id, #/compare[/a/p/b/p], #/calibration. */
async function route(): Promise<void> {
  const parts = location.hash
    .replace(/^#\/?/, "")
    .split("/")
    .filter(Boolean)
    .map(decodeURIComponent);
  const [page, ...rest] = parts;
  root.dataset.ready = "false";
  try {
    if (page === "launch") await launcherView(root, rest[0]);
    else if (page === "result" && rest[0]) await resultView(root, rest[0], Number(rest[1] ?? 0));
    else if (page === "study" && rest[0]) await studyView(root, rest[0]);
    else if (page === "compare")
      await compareView(
        root,
        rest.length >= 2 ? `${rest[0]}/${rest[1]}` : rest[0] ? `${rest[0]}/0` : undefined,
        rest.length >= 4 ? `${rest[2]}/${rest[3]}` : undefined,
      );
    else if (page === "calibration") await calibrationView(root);
    else await catalogueView(root);
  } catch (err) {
    show(root, h("h1", {}, "Error"), h("p", { class: "error" }, (err as Error).message));
  }
  // Charts are drawn at their box's width: every one is there once the page says it is ready.
  drawCharts(root);
  root.dataset.ready = "true";
}

window.addEventListener("hashchange", () => void route());
void route();
