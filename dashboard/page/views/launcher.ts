import type { ParamField, ScenarioEntry } from "../../server/scenarioInfo.ts";
import { ApiError, getJson, postJson, type SweepState } from "../api.ts";
import { h, show } from "../dom.ts";
import { parseField, rangeText } from "../validate.ts";
import { followSweep } from "./progress.ts";

interface ScenarioDetail extends ScenarioEntry {
  params: ParamField[];
}

const input = (f: ParamField): HTMLInputElement | HTMLSelectElement => {
  if (f.kind === "choice" || f.kind === "boolean") {
    const options = f.kind === "boolean" ? ["true", "false"] : (f.options ?? []);
    return h(
      "select",
      { name: f.key, "data-default": String(f.default) },
      ...options.map((o) => h("option", { value: o, selected: o === String(f.default) }, o)),
    );
  }
  const attrs: Record<string, string | number> = {
    name: f.key,
    value: String(f.default),
    "data-default": String(f.default),
  };
  if (f.kind === "number" || f.kind === "integer") {
    attrs.type = "number";
    attrs.step = f.kind === "integer" ? 1 : "any";
    if (f.minimum !== undefined) attrs.min = f.minimum;
    if (f.maximum !== undefined) attrs.max = f.maximum;
  }
  return h("input", attrs);
};

/**
 * The run launcher: a form built from the scenario's parameter schema (units,
 * defaults, ranges), checked here before it is sent and again by the server.
 * Changed parameters become overrides; up to two grid axes make a sweep.
 */
export async function launcherView(root: HTMLElement, scenarioName = "baseline"): Promise<void> {
  const scenarios = await getJson<ScenarioEntry[]>("/api/scenarios");
  const detail = await getJson<ScenarioDetail>(`/api/scenarios/${scenarioName}`);
  const fields = new Map(detail.params.map((f) => [f.key, f]));
  const pick = h(
    "select",
    {
      name: "scenario",
      onchange: (e: Event) => (location.hash = `#/launch/${(e.target as HTMLSelectElement).value}`),
    },
    ...scenarios.map((s) =>
      h("option", { value: s.name, selected: s.name === scenarioName }, s.name),
    ),
  );
  const runs = h("input", { name: "runs", type: "number", min: 1, max: 200, step: 1, value: 4 });
  const seed = h("input", { name: "seed", type: "number", min: 0, step: 1, value: 42 });
  const axis = (n: number) => {
    const key = h(
      "select",
      { name: `axis${n}-key` },
      h("option", { value: "" }, "(none)"),
      ...detail.params.map((f) => h("option", { value: f.key }, f.key)),
    );
    const values = h("input", {
      name: `axis${n}-values`,
      placeholder: "comma-separated values, e.g. 20000,40000",
    });
    return { key, values, row: h("label", {}, `grid axis ${n}`, key, values) };
  };
  const axes = [axis(1), axis(2)];
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const groups = new Map<string, ParamField[]>();
  for (const f of detail.params) {
    const g = f.key.split(".")[0]!;
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }
  const fieldsets = [...groups].map(([g, fs]) =>
    h(
      "details",
      { open: g === "sim" },
      h("summary", {}, `${g} (${fs.length})`),
      h(
        "fieldset",
        {},
        ...fs.map((f) => {
          const el = input(f);
          inputs.set(f.key, el);
          return h(
            "label",
            { title: f.description },
            f.key,
            el,
            h("small", {}, `${rangeText(f)} — ${f.description}`),
          );
        }),
      ),
    ),
  );
  const errors = h("div", { class: "error", id: "form-errors" });
  const status = h("div", { id: "launch-status" });
  const form = h(
    "form",
    { id: "launcher", novalidate: true },
    h(
      "fieldset",
      {},
      h("label", {}, "scenario", pick, h("small", {}, detail.summary)),
      h("label", {}, "runs per point", runs, h("small", {}, "Monte Carlo runs, 1–200")),
      h("label", {}, "seed", seed, h("small", {}, "root seed")),
      ...axes.map((a) => a.row),
    ),
    h("h2", {}, "Parameters"),
    h(
      "p",
      { class: "muted" },
      "Defaults are the scenario's; only changed values are sent (as --set overrides).",
    ),
    ...fieldsets,
    errors,
    h("button", { type: "submit", id: "launch" }, "Launch sweep"),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const problems: string[] = [];
    for (const el of inputs.values()) el.classList.remove("invalid");
    const sets: Record<string, number | boolean | string> = {};
    for (const [key, el] of inputs) {
      if (el.value === el.dataset.default) continue;
      const r = parseField(fields.get(key)!, el.value);
      if ("error" in r) {
        problems.push(r.error);
        el.classList.add("invalid");
      } else sets[key] = r.value;
    }
    const grid: { key: string; values: (number | boolean | string)[] }[] = [];
    for (const a of axes) {
      if (!a.key.value) continue;
      const f = fields.get(a.key.value)!;
      const values = a.values.value.split(",").filter((v) => v.trim() !== "");
      if (values.length === 0) problems.push(`${f.key}: give the axis some values`);
      const parsed = values.map((v) => parseField(f, v));
      for (const p of parsed) if ("error" in p) problems.push(p.error);
      grid.push({ key: f.key, values: parsed.flatMap((p) => ("value" in p ? [p.value] : [])) });
      delete sets[f.key];
    }
    const nRuns = Number(runs.value);
    if (!Number.isInteger(nRuns) || nRuns < 1 || nRuns > 200)
      problems.push("runs per point: an integer from 1 to 200");
    if (problems.length) {
      show(errors, problems.join("\n"));
      return;
    }
    show(errors);
    try {
      const state = await postJson<SweepState>("/api/sweeps", {
        scenario: scenarioName,
        runs: nRuns,
        seed: Number(seed.value),
        grid,
        sets,
      });
      show(status, followSweep(state));
    } catch (err) {
      const msg =
        err instanceof ApiError && err.status === 429
          ? `server busy: ${err.message}`
          : (err as Error).message;
      show(errors, msg);
    }
  });
  show(root, h("h1", {}, `Launch a sweep of ${scenarioName}`), status, form);
}
