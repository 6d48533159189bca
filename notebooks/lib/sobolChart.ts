import { parseHTML } from "linkedom";
import { sobolBars } from "../../dashboard/charts/analysisCharts.ts";
import type { SobolResult } from "../../engine/analysis/saltelliAnalysis.ts";
import { Svg } from "./display.ts";

/**
 * The dashboard's and `tokensim plot`'s Sobol index bars
 * (dashboard/charts/analysisCharts.ts), drawn in a linkedom document and shown
 * as one SVG image in a notebook.
 */
const { document } = parseHTML("<!DOCTYPE html><html><head></head><body></body></html>");

/** What the chart needs: the outcome, its analysis, and how to name the parameters. */
export interface SobolChartInput {
  /** The outcome's name and unit, as the axis shows them. */
  outcome: { name: string; unit: string };
  sobol: SobolResult;
  /** Base rows N of the Saltelli design. */
  samples: number;
  /** Level of the bootstrap intervals (0.95). */
  confidence: number;
  /** A parameter's label and unit by key (default: the key, no unit). */
  label?: (key: string) => { name: string; unit: string };
  width?: number;
}

/** Sobol index bars (ST and S1 with their intervals, sorted by ST) as an SVG chart. */
export function sobolChart(input: SobolChartInput): Svg {
  const label = input.label ?? ((key: string) => ({ name: key, unit: "" }));
  const el = sobolBars(
    {
      outcome: input.outcome,
      sobol: input.sobol,
      samples: input.samples,
      confidence: input.confidence,
      param: label,
    },
    { document: document as unknown as Document, width: input.width ?? 760 },
  ) as unknown as { outerHTML: string; setAttribute(name: string, value: string): void };
  el.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  return new Svg(el.outerHTML, `Sobol index bars of ${input.outcome.name}`);
}
