/**
 * Burn-and-mint price equilibrium. Every step the network buys and burns B USD of
 * tokens (all revenue) and providers sell all S minted tokens, with no fee and no
 * other trades, so k = x·y is invariant and, with x the AMM token reserve,
 * dx/dt = S − B·x²/k. Its solution is x(t) = x*·(x0 + x*·tanh(a·t)) / (x* + x0·tanh(a·t)),
 * x* = √(S·k/B), a = √(S·B/k), the price P = k/x² and P* = B/S at equilibrium.
 * The engine is discrete (buy B, then sell S, each hourly step), which gives the
 * Möbius recursion x' = k·x/(k + B·x) + S (a Lie splitting of the ODE: the burn flow is
 * exact over the step, the sale lands at its end). Writing it as sell S/2, then a
 * symmetric (second-order) step, then sell S/2 shows x_n ≈ x_ode(n; x0 − S/2) + S/2, so the
 * recorded (after-sale) price is below the ODE by ≈ (S/x)·(1 − J(t)), J = ∂x(t)/∂x0 =
 * x*²·sech²(a·t)/(x* + x0·tanh(a·t))²: 0 at t = 0, S/x* = 5e-4 at equilibrium here.
 */
import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { tinyScenario } from "./tinyNetwork.ts";

const S = 1000; // tokens sold per hour (= emission per hourly epoch)
const B = 250; // USD burned per hour: 50 GPU-hours/hour × 5 USD per GPU-hour
const X0 = 1_000_000; // AMM reserves at step 0: 1e6 tokens and 1e6 USD (price 1)
const K = X0 * X0;

const setup = {
  sim: { steps: 8760, stepHours: 1, epochSteps: 1 },
  providers: { initial: 100, maxTotal: 100, cheaterShare: 0, teeShare: 0 },
  demand: {
    baseGpuHoursPerHour: 50,
    // Tiny jobs: 1e6 Poisson arrivals per hour, so revenue noise is 0.1% per step.
    jobGpuHours: 0.00005,
    diurnalAmplitude: 0,
    burstProbability: 0,
    churnSensitivity: 0,
    priceElasticity: 0,
    growthPerYear: 0,
  },
  pricing: { usdPerGpuHour: 5, protocolFeeShare: 0, providerFiatShare: 0, mode: "fixed" },
  emission: {
    policy: "fixed",
    tokensPerEpoch: S,
    foundationShare: 0,
    treasuryShare: 0,
    stakersShare: 0,
  },
  verification: { sampleRate: 0, falsePositiveRate: 0 },
  economics: {
    sellPolicy: "fixedShare",
    sellShare: 1,
    entryMaxPerEpoch: 0,
    exitPatienceEpochs: 10_000,
  },
  market: {
    initialPriceUsd: 1,
    ammUsdDepth: X0,
    feeRate: 0,
    noiseTradeShare: 0,
    momentumShare: 0,
    meanReversionShare: 0,
    externalMarket: false,
  },
};

/** ODE solution for the token reserve at time t (hours). */
function odeReserve(t: number, s = S, b = B, k = K, x0 = X0): number {
  const xs = Math.sqrt((s * k) / b);
  const th = Math.tanh(Math.sqrt((s * b) / k) * t);
  return (xs * (x0 + xs * th)) / (xs + x0 * th);
}

/**
 * Exact solution of the discrete map x' = ((k + S·B)·x + S·k) / (B·x + k) (buy B, then
 * sell S, no fee): a Möbius map with fixed points p > 0 > q, the roots of
 * x² − S·x − S·k/B = 0, so (x_n − p)/(x_n − q) = R^n·(x_0 − p)/(x_0 − q), R = (k + B·q)/(k + B·p).
 */
function discreteReserve(n: number, s = S, b = B, k = K, x0 = X0): number {
  const root = Math.sqrt((s * s) / 4 + (s * k) / b);
  const p = s / 2 + root;
  const q = s / 2 - root;
  const r = ((k + b * q) / (k + b * p)) ** n * ((x0 - p) / (x0 - q));
  return (p - q * r) / (1 - r);
}

/** First-order gap of the after-sale discrete price under the ODE's, for per-step sales `sale`. */
function splittingGap(t: number, sale: number, x: number): number {
  const xs = Math.sqrt((S * K) / B);
  const at = Math.sqrt((S * B) / K) * t;
  const jac = (xs * xs) / Math.cosh(at) ** 2 / (xs + X0 * Math.tanh(at)) ** 2;
  return -(sale / x) * (1 - jac);
}

interface Trace {
  price: number[];
  reserve: number[];
  usdReserve: number[];
  burnUsd: number[];
  sold: number[];
  dropped: number;
}

async function simulate(sets: string[] = []): Promise<Trace> {
  const tr: Trace = { price: [], reserve: [], usdReserve: [], burnUsd: [], sold: [], dropped: 0 };
  const scenario = tinyScenario(setup, (w) => {
    tr.price.push(w.amm.price);
    tr.reserve.push(w.amm.tokenReserve);
    tr.usdReserve.push(w.amm.usdReserve);
    tr.burnUsd.push(w.totals.burnUsd);
    tr.sold.push(w.totals.providerSoldTokens);
    tr.dropped += w.totals.jobsDropped;
  });
  const params = resolveParams(scenario, sets);
  const summary = await runSimulation({ scenario, params, seed: 3 }, new MemorySink());
  expect(summary.status).toBe("ok");
  expect(summary.headline.exits + summary.headline.entrants).toBe(0);
  expect(tr.dropped).toBe(0);
  return tr;
}

/** Replays the recorded flows through the exact per-step map (buy B_n, then sell S_n). */
function replay(tr: Trace): number {
  let x = X0;
  let maxRel = 0;
  for (let n = 0; n < tr.reserve.length; n++) {
    x = (K * x) / (K + tr.burnUsd[n]! * x) + tr.sold[n]!;
    maxRel = Math.max(maxRel, Math.abs(tr.reserve[n]! / x - 1));
  }
  return maxRel;
}

const DAYS = [30, 90, 180, 364];

/** The hourly-epoch run, shared by the tests that read it (run once, on first use). */
let hourly: Promise<Trace> | undefined;
const hourlyTrace = () => {
  hourly ??= simulate();
  return hourly;
};

describe("price equilibrium of burn-and-mint with every minted token sold", () => {
  it("hourly epochs: the price follows the ODE's tanh path within 0.5% and settles at P* = B/S", {
    timeout: 60_000,
  }, async () => {
    const tr = await hourlyTrace();
    const pStar = B / S;
    let report = "";
    for (const day of DAYS) {
      const t = day * 24; // hours; the row of step t − 1 holds the state after t steps
      const ode = K / odeReserve(t) ** 2;
      const sim = tr.price[t - 1]!;
      report += `day ${day}: sim ${sim.toFixed(6)} ode ${ode.toFixed(6)} rel ${(sim / ode - 1).toExponential(2)}\n`;
      expect(Math.abs(sim / ode - 1)).toBeLessThan(0.005);
    }
    let maxRel = 0;
    for (let t = 1; t <= 8760; t++)
      maxRel = Math.max(maxRel, Math.abs(tr.price[t - 1]! / (K / odeReserve(t) ** 2) - 1));
    console.log(`${report}max |sim/ode − 1| over the year: ${maxRel.toExponential(3)}`);
    expect(maxRel).toBeLessThan(0.005);
    // The price moved a lot: from 1 to 0.48 by day 30, then to P* = 0.25.
    expect(tr.price[24 * 30 - 1]!).toBeLessThan(0.5);
    expect(Math.abs(tr.price.at(-1)! / pStar - 1)).toBeLessThan(0.005);
  });

  it("hourly epochs: the exact discrete recursion, and its distance from the ODE", {
    timeout: 60_000,
  }, async () => {
    const tr = await hourlyTrace();
    // The set-up: every minted token sold at once, all revenue burned, k invariant.
    for (const sold of tr.sold) expect(Math.abs(sold / S - 1)).toBeLessThan(1e-12);
    const meanB = tr.burnUsd.reduce((a, b) => a + b, 0) / tr.burnUsd.length;
    // Revenue per step is 5e-5 × 5 × Poisson(1e6) USD: sd 0.25 per step.
    expect(Math.abs(meanB - B)).toBeLessThan((4 * 0.25) / Math.sqrt(tr.burnUsd.length));
    tr.reserve.forEach((x, n) => {
      expect(Math.abs((x * tr.usdReserve[n]!) / K - 1)).toBeLessThan(1e-9);
    });
    // The engine is exactly the per-step map driven by the recorded flows.
    const replayErr = replay(tr);
    expect(replayErr).toBeLessThan(1e-9);
    // Closed-form solution of the map at constant B and S: off the simulation only by
    // the Poisson noise of revenue; off the ODE by the splitting gap of the header (the
    // sale lands after the burn each step: the recorded price is the low point of a
    // sawtooth of height ≈ 2S/x).
    let simVsDiscrete = 0;
    let report = "";
    for (const day of DAYS) {
      const n = day * 24;
      const xd = discreteReserve(n);
      const simRel = tr.price[n - 1]! / (K / xd ** 2) - 1;
      const odeRel = K / xd ** 2 / (K / odeReserve(n) ** 2) - 1;
      simVsDiscrete = Math.max(simVsDiscrete, Math.abs(simRel));
      const gap = splittingGap(n, S, xd);
      report += `day ${day}: discrete/ode − 1 = ${odeRel.toExponential(3)} (gap ${gap.toExponential(3)}), sim/discrete − 1 = ${simRel.toExponential(2)}\n`;
      expect(Math.abs(odeRel / gap - 1)).toBeLessThan(0.02);
    }
    console.log(`${report}replay max rel error ${replayErr.toExponential(2)}`);
    expect(simVsDiscrete).toBeLessThan(1e-4);
    // Fixed point: p = S/2 + √(S²/4 + S·k/B), P_d = k/p² = P*·(1 − S/p), just under B/S.
    const p = S / 2 + Math.sqrt((S * S) / 4 + (S * K) / B);
    expect(Math.abs(K / discreteReserve(100_000) ** 2 / ((B / S) * (1 - S / p)) - 1)).toBeLessThan(
      1e-12,
    );
  });

  it("daily epochs: the same recursion holds, but the daily sale puts the end-of-day price up to 24·S/x (1.2%) under the ODE", {
    timeout: 60_000,
  }, async () => {
    const tr = await simulate(["sim.epochSteps=24", `emission.tokensPerEpoch=${24 * S}`]);
    expect(replay(tr)).toBeLessThan(1e-9);
    let report = "";
    for (const day of DAYS) {
      const t = day * 24;
      const rel = tr.price[t - 1]! / (K / odeReserve(t) ** 2) - 1;
      const gap = splittingGap(t, 24 * S, tr.reserve[t - 1]!);
      report += `day ${day}: sim/ode − 1 = ${rel.toExponential(3)} (gap ${gap.toExponential(3)})\n`;
      expect(Math.abs(rel / gap - 1)).toBeLessThan(0.05);
    }
    console.log(report);
  });
});
