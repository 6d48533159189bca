import type { RareRequest } from "../../engine/rare/scenarioRare.ts";

/**
 * A small estimate for the worker and queue tests: the crash network at 100
 * alike providers and 300 steps under a volatile external market, P(a 50%
 * drawdown) by 3 replicas of 6 particles (about 0.05: every replica kills and
 * re-branches particles).
 */
export const POOL_REQUEST = {
  scenario: "crash-death-spiral",
  sets: [
    "sim.steps=300",
    "providers.initial=100",
    "providers.maxTotal=200",
    "demand.baseGpuHoursPerHour=90",
    "emission.tokensPerEpoch=920",
    "providers.exactInitialMix=true",
    "shocks.crashStartStep=-1",
    "market.externalMarket=true",
    "market.externalVolPerStep=0.02",
  ],
  event: "drawdown>0.5",
  particles: 6,
  replicas: 3,
  seed: 4,
} satisfies RareRequest;

/** {@link POOL_REQUEST} as `tokensim rare` arguments writing to `out`. */
export const poolArgs = (out: string): string[] => [
  POOL_REQUEST.scenario,
  "--event",
  POOL_REQUEST.event,
  ...POOL_REQUEST.sets.flatMap((s) => ["--set", s]),
  "--particles",
  String(POOL_REQUEST.particles),
  "--replicas",
  String(POOL_REQUEST.replicas),
  "--seed",
  String(POOL_REQUEST.seed),
  "--out",
  out,
  "--quiet",
];
