import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** The swept parameters of the synthetic analyses (baseline's: their units come from its schema). */
export const ANALYSIS_PARAMS = [
  "verification.sampleRate",
  "verification.slashFraction",
  "emission.tokensPerEpoch",
] as const;

const round = (v: number) => Math.round(v * 1e4) / 1e4;

/** 20 points with round values of the three parameters, spread over their ranges. */
const points = Array.from({ length: 20 }, (_, i) => ({
  index: i,
  values: {
    "verification.sampleRate": round(0.01 + (0.09 * ((i * 7) % 20)) / 19),
    "verification.slashFraction": round(0.1 + (0.8 * ((i * 13) % 20)) / 19),
    "emission.tokensPerEpoch": 1000 + 100 * i,
  },
}));

function manifest(method: "saltelli" | "morris", samples: number) {
  return {
    format: "tokensim-sweep/1",
    tokensimVersion: "test",
    scenario: "baseline",
    scenarioRef: "baseline",
    scenarioSha256: "0",
    sets: [],
    grid: [],
    zip: [],
    design: {
      method,
      samples,
      seed: 1,
      scramble: true,
      ranges: [
        { key: ANALYSIS_PARAMS[0], kind: "continuous", lo: 0.01, hi: 0.1, log: false },
        { key: ANALYSIS_PARAMS[1], kind: "continuous", lo: 0.1, hi: 0.9, log: false },
        { key: ANALYSIS_PARAMS[2], kind: "continuous", lo: 1000, hi: 3000, log: false },
      ],
      ...(method === "morris" ? { levels: 4 } : {}),
    },
    points,
    runsPerPoint: 4,
    rootSeed: 1,
    commonRandomNumbers: false,
    seedRule: "test",
    keepSteps: false,
    recordEvery: 1,
  };
}

const bootstrap = { resamples: 1000, confidence: 0.95, seed: 1, method: "percentile" };

/** Pass where sampleRate >= 0.05 and slashFraction >= 0.3; every 7th point from the 4th inconclusive. */
const labels = points.map((p, i) =>
  i % 7 === 3
    ? "inconclusive"
    : p.values["verification.sampleRate"] >= 0.05 && p.values["verification.slashFraction"] >= 0.3
      ? "pass"
      : "fail",
);

const count = (l: string) => labels.filter((x) => x === l).length;

/** A rules section as `analyze --require` writes it. */
const rules = {
  requirements: [
    {
      text: "probability(spiralled>0)<0.05",
      statement: "P(spiralled > 0) < 0.05",
      pass: count("pass"),
      fail: count("fail"),
      inconclusive: count("inconclusive"),
    },
  ],
  evaluation: { confidence: 0.95, probabilityInterval: "wilson", method: "as tokensim check" },
  points: points.length,
  pass: count("pass"),
  fail: count("fail"),
  inconclusive: count("inconclusive"),
  passShare: count("pass") / (count("pass") + count("fail")),
  runsLeftOut: 0,
  labels,
  classifier: { method: "CART", maxDepth: 3, minLeaf: 3, depth: 2, leaves: 3 },
  rules: [
    {
      prediction: "pass",
      conditions: [
        { parameter: ANALYSIS_PARAMS[0], op: ">=", threshold: 0.05, value: "0.05" },
        { parameter: ANALYSIS_PARAMS[1], op: ">=", threshold: 0.3, value: "0.3" },
      ],
      text: "verification.sampleRate >= 0.05 and verification.slashFraction >= 0.3",
      points: count("pass"),
      pass: count("pass"),
    },
    {
      prediction: "fail",
      conditions: [{ parameter: ANALYSIS_PARAMS[0], op: "<", threshold: 0.05, value: "0.05" }],
      text: "verification.sampleRate < 0.05",
      points: 8,
      pass: 0,
    },
  ],
  training: { accuracy: 1, correct: 17, points: 17 },
  crossValidation: { accuracy: 0.88, correct: 15, points: 17, folds: 5, seed: 1, method: "k-fold" },
  majority: { accuracy: 0.53, correct: 9, points: 17 },
};

const index = (parameter: string, S1: number, ST: number, w: number) => ({
  parameter,
  S1,
  S1Low: round(S1 - w),
  S1High: round(S1 + w),
  ST,
  STLow: round(ST - w),
  STHigh: round(ST + w),
});

/**
 * Writes a saltelli sweep folder (manifest.json and analysis.json, no runs:
 * the charts read only these) of baseline over sampleRate, slashFraction and
 * tokensPerEpoch, N = 4, with hand-made indices: for pSpiral not converged
 * (and intervals that stray below 0 and above 1, which the chart clamps), for
 * priceEndUsd converged; and a rules section.
 */
export function writeSyntheticSaltelli(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest("saltelli", 4)));
  const analysis = {
    format: "tokensim-analysis/1",
    scenario: "baseline",
    method: "saltelli",
    samples: 4,
    parameters: [...ANALYSIS_PARAMS],
    runsPerPoint: 4,
    estimators: {},
    bootstrap,
    outcomes: [
      {
        name: "pSpiral",
        sobol: {
          variance: 0.04,
          indices: [
            index(ANALYSIS_PARAMS[0], 0.45, 0.95, 0.15),
            index(ANALYSIS_PARAMS[1], 0.2, 0.35, 0.25),
            index(ANALYSIS_PARAMS[2], 0.02, 0.05, 0.1),
          ],
          convergence: {
            converged: false,
            widestInterval: 0.5,
            widestAt: `ST[${ANALYSIS_PARAMS[1]}]`,
            halfChange: 0.2,
            rule: "test",
            message: `N=4 too small: widest interval ST[${ANALYSIS_PARAMS[1]}] 0.5 > 0.1; try --samples 128`,
          },
        },
      },
      {
        name: "priceEndUsd",
        sobol: {
          variance: 0.5,
          indices: [
            index(ANALYSIS_PARAMS[0], 0.1, 0.12, 0.02),
            index(ANALYSIS_PARAMS[1], 0.05, 0.06, 0.02),
            index(ANALYSIS_PARAMS[2], 0.8, 0.84, 0.03),
          ],
          convergence: {
            converged: true,
            widestInterval: 0.06,
            widestAt: `ST[${ANALYSIS_PARAMS[2]}]`,
            halfChange: 0.01,
            rule: "test",
            message: "converged",
          },
        },
      },
    ],
    rules,
  };
  writeFileSync(join(dir, "analysis.json"), JSON.stringify(analysis, null, 2));
}

/** A morris sweep folder of the same parameters, r = 5, with hand-made mu* and sigma for pSpiral. */
export function writeSyntheticMorris(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest("morris", 5)));
  const effect = (parameter: string, muStar: number, sigma: number) => ({
    parameter,
    mu: muStar * 0.8,
    muStar,
    muStarLow: round(muStar * 0.7),
    muStarHigh: round(muStar * 1.3),
    sigma,
  });
  const analysis = {
    format: "tokensim-analysis/1",
    scenario: "baseline",
    method: "morris",
    samples: 5,
    parameters: [...ANALYSIS_PARAMS],
    runsPerPoint: 4,
    estimators: {},
    bootstrap,
    outcomes: [
      {
        name: "pSpiral",
        morris: [
          effect(ANALYSIS_PARAMS[0], 0.6, 0.2),
          effect(ANALYSIS_PARAMS[1], 0.3, 0.4),
          effect(ANALYSIS_PARAMS[2], 0.05, 0.02),
        ],
      },
    ],
  };
  writeFileSync(join(dir, "analysis.json"), JSON.stringify(analysis, null, 2));
}
