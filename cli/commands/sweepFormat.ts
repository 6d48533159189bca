import { median } from "simple-statistics";
import type { SweepManifest } from "../../engine/sweep/manifest.ts";
import type { RunRecord } from "../../engine/sweep/runRecord.ts";
import { spiralled } from "../../engine/sweep/tables.ts";

const fmt = (x: number) =>
  Number.isFinite(x) ? Number(x.toPrecision(4)).toLocaleString("en-US") : "-";

/** Points a design sweep's table shows (its tables hold them all). */
const DESIGN_ROWS = 20;

/**
 * One line per point: its values, runs, P(death spiral) and medians of the
 * main outcomes. A design sweep (lhs, sobol, saltelli, morris) shows its
 * first 20 points and says how many more sweep.arrow holds.
 */
export function formatSweepTable(manifest: SweepManifest, records: readonly RunRecord[]): string {
  const shown = manifest.design ? manifest.points.slice(0, DESIGN_ROWS) : manifest.points;
  const more = manifest.points.length - shown.length;
  const rows = shown.map((p) => {
    const rs = records.filter((r) => r.point === p.index);
    const ok = rs.filter((r) => r.status === "ok");
    const med = (f: (r: RunRecord) => number) => (ok.length ? median(ok.map(f)) : Number.NaN);
    const values = Object.entries(p.values)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    return [
      String(p.index),
      values || "(base)",
      `${ok.length}/${rs.length}`,
      ok.length ? fmt(ok.filter(spiralled).length / ok.length) : "-",
      fmt(med((r) => r.headline!.priceEndUsd)),
      fmt(med((r) => r.headline!.maxDrawdownPct)),
      fmt(med((r) => r.headline!.supplyChangePct)),
      fmt(med((r) => r.headline!.providersActiveEnd)),
    ];
  });
  const head = [
    "point",
    "parameters",
    "ok/runs",
    "P(spiral)",
    "price p50",
    "drawdown% p50",
    "supply% p50",
    "providers p50",
  ];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, k) => (k === 1 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join("  ");
  const tail =
    more > 0
      ? [`... ${more} more points (${manifest.design!.method} design): see sweep.arrow`]
      : [];
  return [line(head), ...rows.map(line), ...tail].join("\n");
}

/** How to rerun one run of a sweep on its own with `tokensim run`. */
export function rerunCommand(manifest: SweepManifest, r: RunRecord): string {
  const sets = r.sets.map((s) => ` --set ${s}`).join("");
  return `tokensim run ${manifest.scenarioRef} --seed ${r.seed} --run-index ${r.run}${sets}`;
}
