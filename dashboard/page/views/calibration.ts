import { calibrationChart } from "../../charts/calibrationChart.ts";
import { calibrationSeries, type ProfileLike } from "../../data/calibration.ts";
import { getJson } from "../api.ts";
import { chartBox, h, show } from "../dom.ts";

/** Calibration profiles: measured points with the fitted curves. */
export async function calibrationView(root: HTMLElement): Promise<void> {
  const list =
    await getJson<{ name: string; hardwareClass: string; model: string; points: number }[]>(
      "/api/calibration",
    );
  show(
    root,
    h("h1", {}, "Calibration profiles"),
    list.length === 0
      ? h(
          "p",
          { class: "muted" },
          "No profiles: start the server with --calibration <dir> (profiles from 'tokensim calibrate').",
        )
      : "",
  );
  for (const p of list) {
    const profile = await getJson<ProfileLike>(`/api/calibration/${p.name}`);
    const charts = calibrationSeries(profile).map((s) =>
      chartBox((maxWidth) => calibrationChart(s, { document, maxWidth })),
    );
    root.append(
      h("h2", {}, `${p.name}: ${p.hardwareClass} · ${p.model} (${p.points} points)`),
      h("div", { class: "charts" }, ...charts),
    );
  }
}
