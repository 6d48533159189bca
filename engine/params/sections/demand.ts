import { Type } from "@sinclair/typebox";
import { choice, int, num, share } from "../fields.ts";

/**
 * The `demand` section of `networkSchema`. Client inference demand: base rate, job size, diurnal
 * cycle, bursts (regime or Hawkes), queue timeout, latency limits, growth, price elasticity and
 * quality churn.
 */
export function demandSection() {
  return Type.Object({
    baseGpuHoursPerHour: num(4500, {
      unit: "reference GPU-hours per hour",
      description: "mean demand before seasonality and bursts",
      minimum: 0,
      maximum: 1e9,
    }),
    jobGpuHours: num(0.25, {
      unit: "reference GPU-hours per job",
      description: "work in one job",
      exclusiveMinimum: 0,
      maximum: 1e4,
    }),
    diurnalAmplitude: share(0.3, "relative amplitude of the daily demand cycle"),
    peakHourLocal: num(15, {
      unit: "hour of day",
      description: "local hour of peak demand",
      minimum: 0,
      maximum: 24,
    }),
    burstProbability: share(0.002, "probability per step that a demand burst starts"),
    burstMultiplier: num(5, {
      unit: "×",
      description: "demand multiplier during a burst",
      minimum: 1,
      maximum: 1000,
    }),
    burstMeanSteps: num(6, {
      unit: "steps",
      description: "mean length of a burst",
      minimum: 1,
      maximum: 1e5,
    }),
    queueTimeoutSteps: int(3, {
      unit: "steps",
      description: "steps a job waits in the queue before it is dropped",
      minimum: 1,
      maximum: 1000,
    }),
    maxLatencyMs: num(250, {
      unit: "ms",
      description: "jobs are only matched to provider regions within this network latency",
      exclusiveMinimum: 0,
      maximum: 10000,
    }),
    burstMode: choice(
      ["regime", "hawkes"],
      "regime",
      "demand bursts: regime switching (calm/burst states) or a self-exciting Hawkes process",
    ),
    hawkesBranching: num(0.5, {
      unit: "events per event",
      description: "hawkes bursts: expected burst events each event triggers (< 1 for stability)",
      minimum: 0,
      maximum: 0.99,
    }),
    growthPerYear: num(0, {
      unit: "per year",
      description: "demand growth trend: base demand × (1 + growthPerYear)^years",
      minimum: -0.99,
      maximum: 100,
    }),
    priceElasticity: num(0, {
      unit: "elasticity",
      description:
        "demand × (USD price per GPU-hour / pricing.usdPerGpuHour)^(−priceElasticity); 0 = inelastic",
      minimum: 0,
      maximum: 10,
    }),
    churnSensitivity: num(0, {
      unit: "per unit of bad-service share",
      description:
        "quality churn: each step the demand multiplier loses churnSensitivity × (dropped + SLO-missed + wrong results) / arrived of itself",
      minimum: 0,
      maximum: 100,
    }),
    returnPerStep: share(
      0.002,
      "quality churn: share of the lost demand that comes back each step (slow return)",
    ),
    minQuality: share(0.05, "quality churn: floor of the demand multiplier"),
    sloLatencyMs: num(150, {
      unit: "ms",
      description:
        "latency SLO: a served job misses it when network + service latency exceeds this, or when it waited in the queue",
      exclusiveMinimum: 0,
      maximum: 1e7,
    }),
  });
}
