import { type Columns, fanFromArrow, readArrow } from "../data/arrowTable.ts";
import type { FanTable } from "../data/fan.ts";
import type { PointFacts } from "../data/pointState.ts";
import type { ResultInfo } from "../data/resultStore.ts";
import type { ShockMark } from "../data/shocks.ts";
import type { SpiralMark } from "../data/spirals.ts";

/** An error response of the API, with its message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function check(res: Response): Promise<Response> {
  if (res.ok) return res;
  let message = res.statusText;
  try {
    message = ((await res.json()) as { message: string }).message;
  } catch {}
  throw new ApiError(res.status, message);
}

export const getJson = async <T>(url: string): Promise<T> =>
  (await check(await fetch(url))).json() as Promise<T>;

export async function postJson<T>(url: string, body: unknown): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return (await check(res)).json() as Promise<T>;
}

const bytes = async (url: string) =>
  new Uint8Array(await (await check(await fetch(url))).arrayBuffer());

/** A point's fan bands, fetched as Arrow IPC and decoded with apache-arrow. */
export const getFan = async (id: string, point: number): Promise<FanTable> =>
  fanFromArrow(await bytes(`/api/results/${id}/points/${point}/fan.arrow`));

/** The table behind a sweep's heatmaps (sweep.arrow plus derived outcomes), as Arrow. */
export const getHeatmapTable = async (id: string): Promise<Columns> =>
  readArrow(await bytes(`/api/results/${id}/heatmap.arrow`));

export interface PointMeta extends PointFacts {
  point: number;
  values: Record<string, unknown>;
  stepHours: number;
  spirals: SpiralMark[];
  shocks: ShockMark[];
}

export interface ResultDetail extends ResultInfo {
  /** The sweep folder holds an analysis.json (`tokensim analyze`). */
  analysis: boolean;
  runs: {
    point: number;
    run: number;
    seed: number;
    status: string;
    message: string;
    deathSpirals: number;
    priceEndUsd: number | null;
    maxDrawdownPct: number | null;
    providersActiveEnd: number | null;
  }[];
}

export interface SweepState {
  id: string;
  result: string;
  scenario: string;
  status: string;
  done: number;
  total: number;
  failedRuns: number;
  message: string;
}
