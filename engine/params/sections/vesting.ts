import { Type } from "@sinclair/typebox";
import { choice, flag, int, num, share } from "../fields.ts";

/** Defaults of one allocation bucket (see {@link vestingSection}). */
interface BucketDefaults {
  tokens: number;
  cliffDays: number;
  cliffShare: number;
  shape: "linear" | "stepped";
  periodDays: number;
  durationDays: number;
  sellShare: number;
  sellSteps: number;
  priceSensitivity: number;
}

/**
 * The buckets' defaults: a venture-backed launch on top of the baseline's 100M
 * circulating tokens (docs/assumptions.md gives the reasons). Airdrop is 0: it
 * happens at the token generation event, before most scenarios start.
 */
const BUCKET_DEFAULTS: Readonly<Record<string, BucketDefaults>> = {
  team: {
    tokens: 20_000_000,
    cliffDays: 365,
    cliffShare: 0,
    shape: "linear",
    periodDays: 30,
    durationDays: 730,
    sellShare: 0.5,
    sellSteps: 720,
    priceSensitivity: 0,
  },
  investors: {
    tokens: 20_000_000,
    cliffDays: 365,
    cliffShare: 0,
    shape: "stepped",
    periodDays: 30,
    durationDays: 720,
    sellShare: 0.8,
    sellSteps: 168,
    priceSensitivity: 0,
  },
  foundation: {
    tokens: 10_000_000,
    cliffDays: 0,
    cliffShare: 0,
    shape: "linear",
    periodDays: 30,
    durationDays: 1460,
    sellShare: 0.25,
    sellSteps: 720,
    priceSensitivity: 0,
  },
  ecosystem: {
    tokens: 10_000_000,
    cliffDays: 0,
    cliffShare: 0,
    shape: "linear",
    periodDays: 30,
    durationDays: 1460,
    sellShare: 0.5,
    sellSteps: 720,
    priceSensitivity: 0,
  },
  airdrop: {
    tokens: 0,
    cliffDays: 0,
    cliffShare: 0,
    shape: "linear",
    periodDays: 30,
    durationDays: 0,
    sellShare: 0.6,
    sellSteps: 168,
    priceSensitivity: 0,
  },
  community: {
    tokens: 10_000_000,
    cliffDays: 0,
    cliffShare: 0,
    shape: "linear",
    periodDays: 30,
    durationDays: 1460,
    sellShare: 0.5,
    sellSteps: 168,
    priceSensitivity: 0,
  },
};

function bucket(name: string, d: BucketDefaults) {
  return Type.Object({
    tokens: num(d.tokens, {
      unit: "tokens",
      description: `${name}: allocation, locked at step 0 on top of market.genesisSupplyTokens`,
      minimum: 0,
      maximum: 1e15,
    }),
    cliffDays: num(d.cliffDays, {
      unit: "days",
      description: `${name}: nothing unlocks before this many days after step 0`,
      minimum: 0,
      maximum: 1e5,
    }),
    cliffShare: share(d.cliffShare, `${name}: share of the allocation released at the cliff`),
    shape: choice(
      ["linear", "stepped"],
      d.shape,
      `${name}: after the cliff the rest unlocks continuously (linear) or every periodDays (stepped)`,
    ),
    periodDays: num(d.periodDays, {
      unit: "days",
      description: `${name}: stepped unlocks: days between two unlocks`,
      exclusiveMinimum: 0,
      maximum: 1e5,
    }),
    durationDays: num(d.durationDays, {
      unit: "days",
      description: `${name}: the rest unlocks over this many days after the cliff (0 = all at the cliff)`,
      minimum: 0,
      maximum: 1e5,
    }),
    sellShare: share(d.sellShare, `${name}: holders sell this share of each unlock`),
    sellSteps: int(d.sellSteps, {
      unit: "steps",
      description: `${name}: the sales of an unlock are spread evenly over this many steps`,
      minimum: 1,
      maximum: 100000,
    }),
    priceSensitivity: num(d.priceSensitivity, {
      unit: "elasticity",
      description: `${name}: below the unlock-time price holders sell (price / unlock price)^k of their plan, k this value (0 = price-blind)`,
      minimum: 0,
      maximum: 100,
    }),
  });
}

/**
 * The `vesting` section of `networkSchema`. Allocation buckets (team, investors,
 * foundation, ecosystem, airdrop, community) locked at step 0, their unlock
 * schedules (cliff, linear or stepped, duration) and their holders' sales.
 */
export function vestingSection() {
  const d = BUCKET_DEFAULTS;
  return Type.Object({
    enabled: flag(
      false,
      "allocation buckets locked at step 0 and unlocked on vesting schedules; holders sell part of each unlock on the AMM",
    ),
    team: bucket("team", d.team!),
    investors: bucket("investors", d.investors!),
    foundation: bucket("foundation", d.foundation!),
    ecosystem: bucket("ecosystem", d.ecosystem!),
    airdrop: bucket("airdrop", d.airdrop!),
    community: bucket("community", d.community!),
  });
}
