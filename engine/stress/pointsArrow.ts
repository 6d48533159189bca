import { Bool, type DataType, Field, Float64, Table, Utf8, vectorFromArray } from "apache-arrow";
import { tableToIpcFile, withSchema } from "../metrics/ipcFile.ts";

/** One evaluated shock of a stress search, as `stress-points.arrow` holds it. */
export interface StressPoint {
  parameters: Record<string, number>;
  costUsd: number;
  runs: number;
  spirals: number;
  pSpiral: { estimate: number; lower: number; upper: number };
  generation: number | "final";
}

/**
 * Every evaluated shock of a stress search as an Arrow IPC file, one row per
 * candidate: its generation, shock parameters, cost, runs, spirals, P(spiral)
 * with its interval, and whether it is on the frontier (no cheaper shock with
 * a P(spiral) as high). The scatter of shock size against P(spiral) that
 * `stress.json`'s `frontier` summarises.
 */
export function stressPointsArrow(
  scenario: string,
  keys: readonly string[],
  points: readonly StressPoint[],
  frontier: ReadonlySet<StressPoint>,
  confidence: number,
): Uint8Array {
  const cols: [string, DataType, string, unknown[]][] = [
    [
      "generation",
      new Utf8(),
      "search generation, or final (re-evaluated on fresh seeds)",
      points.map((p) => String(p.generation)),
    ],
    ...keys.map((k): [string, DataType, string, unknown[]] => [
      k,
      new Float64(),
      "shock parameter value",
      points.map((p) => p.parameters[k] ?? null),
    ]),
    [
      "costUsd",
      new Float64(),
      "cost of the shock in USD (docs/stress.md)",
      points.map((p) => p.costUsd),
    ],
    ["runs", new Float64(), "runs of this candidate", points.map((p) => p.runs)],
    ["spirals", new Float64(), "runs that spiralled", points.map((p) => p.spirals)],
    ["pSpiral", new Float64(), "P(spiral): spirals / runs", points.map((p) => p.pSpiral.estimate)],
    [
      "pSpiralLower",
      new Float64(),
      `P(spiral): lower end of the ${confidence} Wilson interval`,
      points.map((p) => p.pSpiral.lower),
    ],
    [
      "pSpiralUpper",
      new Float64(),
      `P(spiral): upper end of the ${confidence} Wilson interval`,
      points.map((p) => p.pSpiral.upper),
    ],
    [
      "onFrontier",
      new Bool(),
      "no cheaper evaluated shock has a P(spiral) as high",
      points.map((p) => frontier.has(p)),
    ],
  ];
  const plain = new Table(
    Object.fromEntries(cols.map(([name, type, , values]) => [name, vectorFromArray(values, type)])),
  );
  const fields = cols.map(
    ([name, type, description]) =>
      new Field(name, type, true, new Map([["description", description]])),
  );
  const meta = new Map([
    ["tokensim.table", "stress-points"],
    ["tokensim.scenario", scenario],
  ]);
  return tableToIpcFile(withSchema(plain, fields, meta));
}
