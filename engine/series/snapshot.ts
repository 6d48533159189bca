import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { ScenarioError } from "../errors.ts";
import type { NetworkParams } from "../params/network.ts";

const Count = Type.Integer({ minimum: 0 });
const Positive = Type.Number({ exclusiveMinimum: 0 });

/** The JSON schema of a snapshot file (see {@link snapshotOverrides}). */
const SnapshotSchema = Type.Object(
  {
    /** The date the figures describe (informational). */
    date: Type.Optional(Type.String()),
    priceUsd: Type.Optional(Positive),
    supplyTokens: Type.Optional(Positive),
    ammUsdDepth: Type.Optional(Positive),
    treasuryTokens: Type.Optional(Type.Number({ minimum: 0 })),
    providers: Type.Optional(
      Type.Object(
        {
          byClass: Type.Optional(Type.Record(Type.String(), Count)),
          byRegion: Type.Optional(Type.Record(Type.String(), Count)),
        },
        { additionalProperties: false },
      ),
    ),
    /** Where each figure comes from, by field name (required for every figure given). */
    sources: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);

/** A network's state at a date, to start a run from instead of the scenario's genesis. */
export interface Snapshot {
  /** The date the figures describe (informational). */
  date?: string;
  /** Token price (USD per token). */
  priceUsd?: number;
  /** Token supply (tokens). */
  supplyTokens?: number;
  /** USD depth of the pool (USD). */
  ammUsdDepth?: number;
  /** Tokens the treasury holds (tokens). */
  treasuryTokens?: number;
  /** Active providers by hardware class and by region (counts). */
  providers?: { byClass?: Record<string, number>; byRegion?: Record<string, number> };
  /** Where each figure comes from, by field name (required for every figure given). */
  sources: Record<string, string>;
}

// The schema and the interface describe the same JSON.
const _same: Static<typeof SnapshotSchema> extends Snapshot ? true : never = true;
void _same;

/**
 * Reads a snapshot file (JSON) and turns it into `--set` overrides of the
 * scenario's parameters (`defaults`): the price, genesis supply, AMM depth and
 * treasury share, and the initial providers: their total, each hardware class's
 * and region's share (classes and regions the file leaves out get 0), with
 * `providers.exactInitialMix` so that genesis places exactly those counts (the
 * shares are also the entrants' mix). Every figure given must name its source in
 * `sources`; unknown fields, classes or regions, and class and region counts
 * with different totals, are errors naming the file.
 */
export function snapshotOverrides(file: string | URL, defaults: NetworkParams): string[] {
  const path = typeof file === "string" ? file : fileURLToPath(file);
  const where = `snapshot ${path}`;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new ScenarioError(`${where}: ${(err as Error).message}`);
  }
  if (!Value.Check(SnapshotSchema, data)) {
    const e = [...Value.Errors(SnapshotSchema, data)][0]!;
    throw new ScenarioError(`${where}: ${e.path || "/"} ${e.message}`);
  }
  const s = data;
  for (const key of ["priceUsd", "supplyTokens", "ammUsdDepth", "treasuryTokens", "providers"])
    if (s[key as keyof Snapshot] !== undefined && !s.sources[key])
      throw new ScenarioError(
        `${where}: '${key}' has no entry in "sources" (say where it comes from)`,
      );
  const sets: string[] = [];
  if (s.priceUsd !== undefined) sets.push(`market.initialPriceUsd=${s.priceUsd}`);
  if (s.supplyTokens !== undefined) sets.push(`market.genesisSupplyTokens=${s.supplyTokens}`);
  if (s.ammUsdDepth !== undefined) sets.push(`market.ammUsdDepth=${s.ammUsdDepth}`);
  if (s.treasuryTokens !== undefined) {
    const supply = s.supplyTokens ?? defaults.market.genesisSupplyTokens;
    sets.push(`market.treasuryShare=${s.treasuryTokens / supply}`);
  }
  const { byClass, byRegion } = s.providers ?? {};
  const total = (counts: Record<string, number>) =>
    Object.values(counts).reduce((a, b) => a + b, 0);
  if (byClass && byRegion && total(byClass) !== total(byRegion))
    throw new ScenarioError(
      `${where}: providers.byClass counts ${total(byClass)} providers, providers.byRegion ${total(byRegion)}`,
    );
  const n = byClass ? total(byClass) : byRegion ? total(byRegion) : undefined;
  if (n === 0) throw new ScenarioError(`${where}: the provider counts add up to 0`);
  if (n !== undefined) {
    sets.push(`providers.initial=${n}`, "providers.exactInitialMix=true");
    if (defaults.providers.maxTotal < 2 * n) sets.push(`providers.maxTotal=${2 * n}`);
    const shares = (
      counts: Record<string, number>,
      known: string[],
      what: string,
      key: (name: string) => string,
    ) => {
      for (const name of Object.keys(counts))
        if (!known.includes(name))
          throw new ScenarioError(
            `${where}: no ${what} '${name}' in the scenario (${known.join(", ")})`,
          );
      for (const name of known) sets.push(`${key(name)}=${(counts[name] ?? 0) / n}`);
    };
    if (byClass)
      shares(
        byClass,
        Object.keys(defaults.hardware),
        "hardware class",
        (c) => `hardware.${c}.share`,
      );
    if (byRegion)
      shares(
        byRegion,
        Object.keys(defaults.regions),
        "region",
        (r) => `regions.${r}.providerShare`,
      );
  }
  return sets;
}
