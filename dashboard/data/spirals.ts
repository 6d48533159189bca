/** One death spiral of one run, as drawn on the charts (steps; `endStep` is the last step when ongoing). */
export interface SpiralMark {
  run: number;
  startStep: number;
  endStep: number;
  /** Still spiralling when the run ended. */
  ongoing: boolean;
  legs: string[];
  maxPriceDrawdownPct: number;
  maxProviderLossPct: number;
}

/** A line for a chart caption: how many runs spiralled, when, and how deep (median). */
export function spiralCaption(
  spirals: readonly SpiralMark[],
  spiralledRuns: number,
  runs: number,
): string {
  if (spiralledRuns === 0) return `no death spiral in ${runs} run${runs === 1 ? "" : "s"}`;
  const firsts = new Map<number, SpiralMark>();
  for (const s of spirals) if (!firsts.has(s.run)) firsts.set(s.run, s);
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[Math.floor((s.length - 1) / 2)]!;
  };
  const list = [...firsts.values()];
  const depth = med(list.map((s) => s.maxProviderLossPct));
  const price = med(list.map((s) => s.maxPriceDrawdownPct));
  const names: Record<string, string> = {
    priceDrawdown: "price drawdown",
    providerExodus: "provider exodus",
    demandChurn: "demand churn",
  };
  const legs = [...new Set(list.flatMap((s) => s.legs))].map((l) => names[l] ?? l);
  return `death spiral in ${spiralledRuns} of ${runs} runs (${legs.join(" + ")}): median price −${price.toFixed(0)}%, providers −${depth.toFixed(0)}%`;
}

/** A short form for chart subtitles: "death spiral in 6/6 runs". */
export const spiralShort = (spiralledRuns: number, runs: number): string =>
  spiralledRuns === 0 ? "no death spiral" : `death spiral in ${spiralledRuns}/${runs} runs`;
