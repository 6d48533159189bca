import { join } from "node:path";
import type { NetworksRecord } from "../../engine/networks/output.ts";
import { readArrow } from "./arrowTable.ts";
import { CorruptResultError, NotFoundError, readInside } from "./resultStore.ts";
import { readStudyJson } from "./studyFiles.ts";

/** One place's daily series (a network or the outside option). */
interface PlaceSeries {
  name: string;
  /** GPUs there at the end of each day (GPUs). */
  owners: number[];
  /** Mean expected return there over all owners (USD per GPU-hour; null before the first decision). */
  returnUsdPerGpuHour: (number | null)[];
  /** Active providers (networks only; GPUs). */
  active?: number[];
  /** Token price (networks only; USD per token). */
  priceUsd?: number[];
}

/** A `tokensim compete` folder shaped for its charts (see {@link readNetworksView}). */
export interface NetworksView {
  kind: "networks";
  study: string;
  seed: number;
  status: string;
  /** Day of each point (the end of the day's last step). */
  days: number[];
  /** The networks in the study's order, then the outside option. */
  places: PlaceSeries[];
  /** One line each: GPUs and price at start and end, moves. */
  lines: string[];
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/**
 * Reads a compete folder (networks.json and networks.arrow) into daily series
 * per network and for the outside option: GPUs, expected return, active
 * providers and price. Returns undefined when networks.json is missing; a
 * networks.arrow without the expected columns is a damaged result.
 */
export function readNetworksView(dir: string): NetworksView | undefined {
  let record: NetworksRecord;
  try {
    record = readStudyJson<NetworksRecord>(dir, "networks.json");
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
  const t = readArrow(readInside(dir, join(dir, "networks.arrow")));
  const stepHours = Number(t.metadata.get("tokensim.stepHours") ?? record.stepHours);
  const perDay = Math.max(1, Math.round(24 / stepHours));
  const col = (name: string) => {
    const c = t.get(name);
    if (!c) throw new CorruptResultError(`networks.arrow has no column ${name}`);
    return c;
  };
  const rows: number[] = [];
  for (let i = perDay - 1; i < t.numRows; i += perDay) rows.push(i);
  if (t.numRows > 0 && rows.at(-1) !== t.numRows - 1) rows.push(t.numRows - 1);
  const pick = (name: string) => {
    const c = col(name);
    return rows.map((i) => Number(c[i]));
  };
  const names = [...record.networks.map((n) => n.name), "outside"];
  const places = names.map((name, k): PlaceSeries => {
    const s: PlaceSeries = {
      name,
      owners: pick(`${name}.owners`),
      returnUsdPerGpuHour: pick(`${name}.returnUsdPerGpuHour`).map(finite),
    };
    if (k < record.networks.length) {
      s.active = pick(`${name}.active`);
      s.priceUsd = pick(`${name}.priceUsd`);
    }
    return s;
  });
  const step = col("step");
  const lines = [
    ...record.networks.map(
      (n) =>
        `${n.name} (${n.scenario}): GPUs ${n.ownersStart} → ${n.ownersEnd}, price ${n.priceStartUsd.toPrecision(4)} → ${n.priceEndUsd.toPrecision(4)} USD, ${n.movesIn} moves in`,
    ),
    `outside option: GPUs ${record.outside.ownersStart} → ${record.outside.ownersEnd}, ${record.outside.movesIn} moves in; ${record.owners.moves} moves in all, ${record.owners.networkExits} GPUs taken off by a network's exit rule`,
  ];
  return {
    kind: "networks",
    study: record.study,
    seed: record.seed,
    status: record.status,
    days: rows.map((i) => ((Number(step[i]) + 1) * stepHours) / 24),
    places,
    lines,
  };
}
