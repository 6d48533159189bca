/** The derived heatmap metric: the median over runs of the median provider's profit at the last epoch end. */
export const PROFIT_METRIC = "providerProfitEndUsdPerHour_p50";

/** The title of a heatmap metric (a `sweep.arrow` column or {@link PROFIT_METRIC}). */
export function heatmapTitle(metric: string): string {
  if (metric === "pDeathSpiral") return "P(death spiral)";
  if (metric === PROFIT_METRIC)
    return "Median provider profit at the end (USD/hour, median over runs)";
  return `Median ${metric.replace(/_p50$/, "")} over runs`;
}
