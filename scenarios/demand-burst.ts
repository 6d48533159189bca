/**
 * Demand burst: self-exciting (Hawkes) bursts on a growing, price-elastic
 * demand with quality churn.
 *
 * Question it answers: when bursts cluster (one burst makes the next more
 * likely), how many jobs are dropped or miss the latency SLO, how many clients
 * leave after bad service and how slowly do they return, and does the capacity
 * built by ROI-driven entry catch up with 60%/year demand growth?
 *
 * What to look at: demandBurst, jobsArrived, jobsDropped, sloMisses,
 * latencyP95Ms, queueWaitMeanHours, demandQuality (the churn multiplier),
 * utilisation, entrants and capacityGpuHours; batchServedGpuHours against
 * batchMissedGpuHours (training jobs squeezed out by inference bursts).
 *
 * Set-up: baseline network; Hawkes bursts (base rate 0.003 per step, branching
 * 0.6, 4× per event decaying over 6 hours), demand growth 60%/year, price
 * elasticity 0.5, churn sensitivity 0.3 with 0.2%/step return, SLO 150 ms;
 * training/batch jobs (600 GPU-hours per hour in 8-GPU-hour jobs) that need a
 * GPU with ≥ 48 GB (the A100 and H100 classes) and start within 24 hours, on
 * the capacity inference leaves free.
 */

import {
  basicStepInvariants,
  defineChecks,
  defineScenario,
  spiralled,
  withDefaults,
} from "../api/index.ts";
import { baselineSchema } from "./baseline.ts";

export const scenario = defineScenario({
  name: "demand-burst",
  summary: "Clustered (Hawkes) demand bursts on 60%/year growth, with SLO misses and quality churn",
  schema: withDefaults(baselineSchema, {
    demand: {
      burstMode: "hawkes",
      burstProbability: 0.003,
      hawkesBranching: 0.6,
      burstMultiplier: 4,
      burstMeanSteps: 6,
      growthPerYear: 0.6,
      priceElasticity: 0.5,
      churnSensitivity: 0.3,
      returnPerStep: 0.002,
      sloLatencyMs: 150,
    },
    batch: {
      enabled: true,
      gpuHoursPerHour: 600,
      jobGpuHours: 8,
      minVramGb: 48,
      deadlineSteps: 24,
    },
    economics: { entryMaxPerEpoch: 30 },
  }),
});

/** What `tokensim check` holds this scenario to (90-day runs). */
export const checks = defineChecks({
  sets: ["sim.steps=2160"],
  runs: 30,
  seed: 17,
  outcomes: { spiralled },
  stepInvariants: basicStepInvariants,
  assertions: [
    {
      name: "bursts drop some jobs",
      stat: "quantile",
      metric: "dropRate",
      q: 0.5,
      greaterThan: 0.001,
    },
    {
      name: "but most demand is served",
      stat: "quantile",
      metric: "dropRate",
      q: 0.95,
      lessThan: 0.2,
    },
    {
      name: "no death spiral",
      stat: "probability",
      metric: "spiralled",
      event: { above: 0.5 },
      lessThan: 0.2,
    },
  ],
});
