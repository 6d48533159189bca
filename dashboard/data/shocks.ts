/** An external shock a scenario applies, as drawn on the charts (steps). */
export interface ShockMark {
  label: string;
  startStep: number;
  /** Last step (inclusive); equal to startStep for one-off events. */
  endStep: number;
}

interface ShockParams {
  crashStartStep?: number;
  crashSteps?: number;
  crashDrop?: number;
  liquidityStep?: number;
  liquidityWithdrawShare?: number;
  powerStartStep?: number;
  powerSteps?: number;
  powerRegion?: number;
  powerMultiplier?: number;
  hardwareGenStep?: number;
}

const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * The shocks in a run's parameters (`shocks.*`: market crash, liquidity
 * withdrawal, power-price spike, new hardware generation), so that the charts
 * show what hit the network before a spiral.
 */
export function shockMarks(params: unknown): ShockMark[] {
  const s = ((params ?? {}) as { shocks?: ShockParams }).shocks;
  if (!s) return [];
  const out: ShockMark[] = [];
  const on = (v: number | undefined): v is number => typeof v === "number" && v >= 0;
  if (on(s.crashStartStep))
    out.push({
      label: `market crash −${pct(s.crashDrop ?? 0)}`,
      startStep: s.crashStartStep,
      endStep: s.crashStartStep + Math.max(0, (s.crashSteps ?? 1) - 1),
    });
  if (on(s.liquidityStep))
    out.push({
      label: `liquidity −${pct(s.liquidityWithdrawShare ?? 0)}`,
      startStep: s.liquidityStep,
      endStep: s.liquidityStep,
    });
  if (on(s.powerStartStep))
    out.push({
      label: `power price ×${s.powerMultiplier ?? 1} (region ${s.powerRegion ?? 0})`,
      startStep: s.powerStartStep,
      endStep: s.powerStartStep + Math.max(0, (s.powerSteps ?? 1) - 1),
    });
  if (on(s.hardwareGenStep))
    out.push({
      label: "new hardware generation",
      startStep: s.hardwareGenStep,
      endStep: s.hardwareGenStep,
    });
  return out;
}
