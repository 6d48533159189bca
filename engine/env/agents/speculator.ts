import type { NetworkParams } from "../../params/network.ts";
import type { PhaseEntry } from "../../scenario.ts";
import { Account } from "../../state/ledger.ts";
import type { World } from "../../state/world.ts";
import { EnvironmentError } from "../errors.ts";
import type { MarketObservation } from "../observation.ts";
import { discreteSpace } from "../spaces.ts";
import type { AgentClass, AgentEpisode } from "./agentClass.ts";

/** What the speculator observes: the network, and its own holdings. */
export interface SpeculatorObservation extends MarketObservation {
  /** Tokens it holds (tokens). */
  tokens: number;
  /** USD it holds (USD). */
  usd: number;
  /** Its wealth marked to market, `usd + tokens · price` (USD). */
  wealthUsd: number;
  /** Its wealth less its wealth at the start of the episode (USD). */
  profitUsd: number;
}

/** The speculator's starting holdings. */
export interface SpeculatorOptions {
  /** Wealth at the start (USD), half in USD and half in tokens at the initial price. */
  initialWealthUsd?: number;
}

/**
 * Default starting wealth (USD). Assumption, no source: a trader small against
 * the pool (the bundled scenarios' AMM holds millions of USD), so that its trades
 * move the price little and its reward is mostly the market's move.
 */
const DEFAULT_WEALTH_USD = 20_000;

/** Default trades a learner chooses from: sell half its tokens, hold, spend half its USD. */
const DEFAULT_TRADES = [-0.5, 0, 0.5];

/**
 * A speculator holding tokens and USD: each action trades once through the AMM at
 * the start of the interval, a value `a` in [−1, 1] selling `−a` of its tokens
 * (a < 0) or spending `a` of its USD on tokens (a > 0); 0 holds. Reward: the
 * change of its wealth marked to market at the AMM price (USD) over the interval.
 *
 * Its tokens are part of the `traders` ledger account (holders outside the
 * network), of which it owns a slice from genesis (half its starting wealth at
 * the initial price); its USD, like all USD, is off-ledger. One phase,
 * `envSpeculator`, runs first in the pipeline, trades through `w.amm` and draws
 * no random numbers. Should the market's noise traders sell the traders account
 * below its slice, the slice shrinks to what is left (they sold its tokens).
 */
export function speculatorAgent(
  params: NetworkParams,
  values: readonly number[] = DEFAULT_TRADES,
  opts: SpeculatorOptions = {},
): AgentClass<SpeculatorObservation> {
  const wealth = opts.initialWealthUsd ?? DEFAULT_WEALTH_USD;
  if (!(Number.isFinite(wealth) && wealth > 0))
    throw new EnvironmentError(
      `agent 'speculator': initialWealthUsd must be a positive number of USD, not ${wealth}`,
    );
  const actionSpace = discreteSpace(
    values,
    "share of holdings traded",
    -1,
    1,
    "agent 'speculator'",
  );
  const hold = actionSpace.values.indexOf(0);
  return {
    name: "speculator",
    description:
      "a speculator trading a share of its tokens or USD through the AMM; reward: change of its wealth marked to market (USD)",
    rewardUnit: "USD",
    actionSpace,
    observationKeys: [
      "step",
      "priceUsd",
      "priceReturn",
      "utilisation",
      "activeProviders",
      "tokens",
      "usd",
      "wealthUsd",
      "profitUsd",
    ],
    passiveAction: hold >= 0 ? hold : undefined,
    episode: () => speculatorEpisode(params, wealth),
  };
}

function speculatorEpisode(
  params: NetworkParams,
  initialWealth: number,
): AgentEpisode<SpeculatorObservation> {
  let usd = initialWealth / 2;
  let tokens = initialWealth / 2 / params.market.initialPriceUsd;
  let pending = 0;
  let wealthMark = initialWealth;
  let traded = 0;
  let fees = 0;
  const wealthAt = (w: World) => usd + tokens * w.amm.price;
  const phase: PhaseEntry = {
    name: "envSpeculator",
    create: (w0) => {
      if (w0.ledger.accounts[Account.Traders]! < tokens)
        throw new EnvironmentError(
          `agent 'speculator': the traders account holds ${w0.ledger.accounts[Account.Traders]} tokens at genesis, fewer than the speculator's ${tokens}; lower initialWealthUsd`,
        );
      wealthMark = wealthAt(w0);
      return {
        name: "envSpeculator",
        run(w: World) {
          // Noise traders sell from the same account: the slice cannot exceed it.
          tokens = Math.min(tokens, w.ledger.accounts[Account.Traders]!);
          const a = pending;
          pending = 0;
          if (a > 0 && usd > 0) {
            const spend = a * usd;
            const before = w.amm.price;
            const got = w.amm.buyTo(spend, Account.Traders);
            usd -= spend;
            tokens += got;
            traded += spend;
            fees += spend - got * before;
          } else if (a < 0 && tokens > 0) {
            const sell = Math.min(-a * tokens, w.ledger.accounts[Account.Traders]!);
            const before = w.amm.price;
            const got = w.amm.sellFrom(Account.Traders, sell);
            tokens -= sell;
            usd += got;
            traded += got;
            fees += sell * before - got;
          }
        },
      };
    },
  };
  return {
    phases: [{ entry: phase, at: "start" }],
    act(value) {
      pending = value;
    },
    takeReward(w) {
      const now = wealthAt(w);
      const r = now - wealthMark;
      wealthMark = now;
      return r;
    },
    observe(w, market) {
      const wealth = wealthAt(w);
      return {
        ...market,
        tokens,
        usd,
        wealthUsd: wealth,
        profitUsd: wealth - initialWealth,
      };
    },
    info() {
      const out = { tradedUsd: traded, slippageAndFeesUsd: fees };
      traded = 0;
      fees = 0;
      return out;
    },
  };
}
