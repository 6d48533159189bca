import { type Static, Type } from "@sinclair/typebox";
import { ParameterError } from "../errors.ts";
import { choice, flag, int, num, share } from "../params/fields.ts";
import type { NetworkParams } from "../params/network.ts";
import type { Provenance } from "../params/provenance.ts";

/** The market venues a scenario can choose (`market.venue`). */
export const VENUE_KINDS = ["constantProduct", "orderBook", "concentrated"] as const;

/** One of {@link VENUE_KINDS}. */
export type VenueKind = (typeof VENUE_KINDS)[number];

const asm = (note: string): Provenance => ({ kind: "assumption", note });
const set = (note: string): Provenance => ({ kind: "setting", note });
const src = (note: string): Provenance => ({ kind: "source", note });

/**
 * The venue fields of the `market` section (added to it by the market
 * mechanism): the venue choice, the order book's depth profile, the
 * concentrated-liquidity range, and liquidity providers who withdraw on
 * volatility. All off by default (the constant-product pool, LPs who stay).
 */
export function venueFields() {
  return {
    venue: Object.assign(
      choice(
        VENUE_KINDS,
        "constantProduct",
        "market venue every trade goes through: constantProduct (Uniswap v2 pool), orderBook (a centralised exchange book with depth D(d) = bookDepth2pctUsd·(d/2%)^bookDepthExponent each side), concentrated (Uniswap v3 liquidity in [p0/concentratedRangeRatio, p0·concentratedRangeRatio])",
      ),
      {
        provenance: set("market choice: the constant-product pool unless a scenario sets another"),
      },
    ),
    bookDepth2pctUsd: num(50_000, {
      unit: "USD",
      description:
        "order book: cumulative USD of bids (asks) within 2% below (above) the mid at step 0 (the '2% depth' of one side)",
      exclusiveMinimum: 0,
      maximum: 1e12,
      provenance: src(
        "Chaos Labs, dYdX RNDR-USD listing analysis (2024): RNDR had 2.2M USD within ±2% across 9 exchanges, one mid-tier venue (HTX) about 50k USD per side: https://dydx.forum/t/drc-add-rndr-usd-to-the-dydx-chain/2345",
      ),
    }),
    bookDepthExponent: num(1, {
      unit: "exponent",
      description:
        "order book: shape k of the cumulative depth D(d) ∝ d^k (1 = linear; below 1 depth concentrates near the mid)",
      minimum: 0.2,
      maximum: 5,
      provenance: asm(
        "linear depth: Kaiko's Kraken BTC-USD depth sample grows about ∝ d^0.7-1.1 from 0.1% to 1% (https://docs.kaiko.com/kaiko-rest-api/market-data/order-books/order-book-aggregations/market-depth)",
      ),
    }),
    bookResilience: share(
      0,
      "order book: share of a step's price impact the market makers' quotes revert at the step's end (0: impact is permanent, as on the AMM)",
      asm("permanent impact, so the venues differ by depth profile only"),
    ),
    concentratedRangeRatio: num(2, {
      unit: "ratio",
      description:
        "concentrated liquidity: the position's range is [p0/r, p0·r] around market.initialPriceUsd (geometric, so the genesis reserves fit it exactly)",
      minimum: 1.0001,
      maximum: 1e6,
      provenance: asm("a ±2× range, a common passive v3 position for a volatile token"),
    }),
    secondVenue: Object.assign(
      choice(
        ["none", ...VENUE_KINDS],
        "none",
        "a second venue holding market.secondVenueShare of the genesis liquidity: noise traders trade there, every other order on market.venue, and arbitrageurs close the price gap between the two beyond market.venueArbCostRate each step",
      ),
      { provenance: set("one venue unless a scenario sets a second") },
    ),
    secondVenueShare: share(
      0.5,
      "second venue: share of the genesis liquidity (market.ammUsdDepth and its tokens) it holds",
      asm("liquidity split evenly between a DEX pool and a centralised exchange"),
    ),
    venueArbCostRate: num(0.006, {
      unit: "fraction of the price",
      description:
        "second venue: price gap between the venues that arbitrageurs leave (fees of both legs, gas and transfer)",
      minimum: 0,
      maximum: 0.5,
      provenance: asm(
        "0.3% pool fee + 0.1% exchange taker fee + ~0.2% gas, transfer and inventory cost; Uniswap v2 fee from its whitepaper, taker fees from exchanges' fee schedules",
      ),
    }),
    lpWithdrawal: Object.assign(
      flag(
        false,
        "liquidity providers withdraw market.lpWithdrawShare of the venue's liquidity each step its realised volatility exceeds market.lpVolThreshold, and return gradually when it calms",
      ),
      { provenance: set("off: liquidity stays unless a scenario turns this on") },
    ),
    lpVolWindowSteps: int(24, {
      unit: "steps",
      description:
        "LP withdrawal: window of the realised volatility (s.d. of per-step log returns)",
      minimum: 2,
      maximum: 100_000,
      provenance: asm("a day of hourly returns"),
    }),
    lpVolThreshold: num(0.02, {
      unit: "log-return s.d. per step",
      description: "LP withdrawal: realised volatility above which LPs withdraw",
      minimum: 0,
      maximum: 10,
      provenance: asm("2% an hour (~187% a year), four times market.externalVolPerStep"),
    }),
    lpWithdrawShare: share(
      0.1,
      "LP withdrawal: share of the liquidity in the venue withdrawn each step above the threshold",
      asm("a tenth of the liquidity an hour while the market is volatile"),
    ),
    lpMaxWithdrawnShare: share(
      0.8,
      "LP withdrawal: the most of the venue's full liquidity LPs withdraw (the rest stays: protocol-owned or passive liquidity)",
      asm("a fifth of the liquidity never leaves: protocol-owned and passive positions"),
    ),
    lpReturnShare: share(
      0.02,
      "LP withdrawal: share of the withdrawn liquidity that returns each step below the threshold",
      asm("withdrawn liquidity returns with a half-life of about 34 steps"),
    ),
  };
}

const FIELDS = venueFields();
const VENUE_SCHEMA = Type.Object(FIELDS);

/** The venue parameters (`market.venue`, `market.book*`, `market.concentrated*`, `market.lp*`). */
export type VenueParams = Static<typeof VENUE_SCHEMA>;

/**
 * The run's venue parameters, read from `params.market` (the market mechanism
 * adds {@link venueFields} to its section; a field a hand-built params object
 * lacks takes its schema default).
 */
export function venueParams(p: NetworkParams): VenueParams {
  const m = p.market as unknown as Partial<VenueParams>;
  const out: Record<string, unknown> = {};
  for (const [k, s] of Object.entries(FIELDS))
    out[k] = m[k as keyof VenueParams] ?? (s as { default: unknown }).default;
  const v = out as VenueParams;
  if (!VENUE_KINDS.includes(v.venue))
    throw new ParameterError(
      `market.venue=${String(v.venue)} is not a venue: one of ${VENUE_KINDS.join(", ")}`,
    );
  if (v.secondVenue !== "none" && !(v.secondVenueShare > 0 && v.secondVenueShare < 1))
    throw new ParameterError(
      `market.secondVenueShare=${v.secondVenueShare} must be between 0 and 1 (exclusive) with market.secondVenue=${v.secondVenue}`,
    );
  return v;
}
