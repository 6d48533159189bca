/**
 * Per-run outcome metrics shared by the bundled scenarios' `checks`.
 */
import type { Outcome } from "../../engine/check/spec.ts";

/** Active providers at the end over providers at the start (fraction). */
export const activeRatioEnd: Outcome = (r) =>
  r.summary.headline.providersActiveEnd / Math.max(1, r.summary.headline.providersStart);

/** Final over initial token price (ratio). */
export const priceRatioEnd: Outcome = (r) =>
  r.summary.headline.priceEndUsd / r.summary.headline.priceStartUsd;

/** 1 when the run had at least one death spiral, else 0. */
export const spiralled: Outcome = (r) => (r.summary.deathSpirals.length > 0 ? 1 : 0);

/** Built-in sanity invariants on the per-step output that every scenario keeps. */
export const basicStepInvariants = [
  { name: "utilisation within capacity", metric: "utilisation", min: 0, max: 1 },
  { name: "positive price", metric: "priceUsd", min: 1e-9 },
];
