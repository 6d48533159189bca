import type { CalibrationSeries } from "../charts/calibrationChart.ts";

/** The parts of a calibration profile (schemaVersion 1) the charts read. */
export interface ProfileLike {
  hardwareClass: string;
  model: string;
  points: {
    load: number;
    outputTokensPerSec: number;
    ttftMs: { p50: number | null; p95: number | null };
    e2eMs: { p50: number | null };
  }[];
  fits: {
    throughputTokensPerSec: { xMax: number | null; cHalf: number | null; r2: number | null };
    ttftP50Ms: { slope: number | null; intercept: number | null; r2: number | null };
    e2eP50Ms: { slope: number | null; intercept: number | null; r2: number | null };
  };
}

const r2 = (v: number | null) => (v === null ? "" : `, R² ${v.toFixed(3)}`);

/** The charts of a profile: throughput against load (saturation fit), TTFT and end-to-end p50 (linear fits). */
export function calibrationSeries(p: ProfileLike): CalibrationSeries[] {
  const loads = p.points.map((x) => x.load);
  const maxLoad = Math.max(1, ...loads);
  const grid = Array.from({ length: 61 }, (_, i) => (maxLoad * i) / 60);
  const sat = p.fits.throughputTokensPerSec;
  const satCurve =
    sat.xMax !== null && sat.cHalf !== null
      ? grid.map((c) => ({ x: c, y: (sat.xMax! * c) / (c + sat.cHalf!) }))
      : [];
  const lin = (f: { slope: number | null; intercept: number | null }) =>
    f.slope !== null && f.intercept !== null
      ? grid.map((c) => ({ x: c, y: f.intercept! + f.slope! * c }))
      : [];
  const pts = (get: (x: ProfileLike["points"][number]) => number | null) =>
    p.points.flatMap((x) => {
      const y = get(x);
      return y === null ? [] : [{ x: x.load, y }];
    });
  const name = `${p.hardwareClass} · ${p.model}`;
  return [
    {
      title: `Throughput against load — ${name}`,
      xLabel: "load (concurrent requests)",
      yLabel: "output tokens/s",
      points: pts((x) => x.outputTokensPerSec),
      curve: satCurve,
      fit:
        sat.xMax !== null && sat.cHalf !== null
          ? `X(c) = ${sat.xMax.toFixed(0)}·c/(c + ${sat.cHalf.toFixed(1)})${r2(sat.r2)}`
          : "none",
    },
    {
      title: `Time to first token p50 — ${name}`,
      xLabel: "load (concurrent requests)",
      yLabel: "ms",
      points: pts((x) => x.ttftMs.p50),
      curve: lin(p.fits.ttftP50Ms),
      fit: linText(p.fits.ttftP50Ms),
    },
    {
      title: `End-to-end latency p50 — ${name}`,
      xLabel: "load (concurrent requests)",
      yLabel: "ms",
      points: pts((x) => x.e2eMs.p50),
      curve: lin(p.fits.e2eP50Ms),
      fit: linText(p.fits.e2eP50Ms),
    },
  ];
}

function linText(f: { slope: number | null; intercept: number | null; r2: number | null }): string {
  return f.slope !== null && f.intercept !== null
    ? `${f.intercept.toFixed(1)} + ${f.slope.toFixed(2)}·c ms${r2(f.r2)}`
    : "none";
}
