/**
 * Per-provider rewards: a model written as one mechanism (`defineMechanism`: its
 * parameter section, random stream, one phase, columns), the way a protocol
 * designer writes their own, touching every provider every step.
 *
 * Question it answers: when each step's emission is split pro rata to claimed
 * work, every provider is sampled for verification every step, and providers
 * pause when their smoothed profit turns negative (and come back when it would
 * be positive again), how many stay serving and where does the price go?
 *
 * What to look at: providersActive and providersPaused (the pause/re-entry
 * cycle), priceUsd, minted, slashedTokens and cheatersCaught.
 *
 * The pipeline is this one phase: no job matching, no built-in settlement or
 * exits. Utilisation follows a fixed daily curve (an assumption of the model, not
 * data). The network (hardware, regions, genesis holdings, cheaters) is the
 * baseline's. It is also the model of `npm run bench:user`, which times it
 * against a hand-written loop of the same arithmetic.
 */
import {
  Behaviour,
  basicStepInvariants,
  column,
  defineChecks,
  defineMechanism,
  definePhase,
  defineScenario,
  fixParams,
  num,
  priceRatioEnd,
  Status,
  share,
  withDefaults,
} from "../api/index.ts";
import { baselineSchema } from "./baseline.ts";

/** This model's own defaults are assumptions (docs/assumptions.md gives each reason). */
const MODEL = {
  kind: "assumption",
  note: "this illustrative model's choice (docs/assumptions.md)",
} as const;

/**
 * The built-in parameters this model's one phase never reads (it has no job
 * matching, settlement, epoch emission, built-in verification, traders, shocks
 * or exit rules): fixed, so that `--set` and sweeps refuse them instead of
 * changing nothing.
 */
const UNUSED = [
  "demand",
  "batch",
  "pricing",
  "credits",
  "emission",
  "verification",
  "shocks",
  "economics",
  "providers.cheatFraction",
  "market.foundationSellShare",
  "market.treasurySpendUsdPerEpoch",
  "market.noiseTradeShare",
  "market.momentumShare",
  "market.meanReversionShare",
  "market.traderLookbackSteps",
  "market.externalMarket",
  "market.externalVolPerStep",
  "market.arbitrageShare",
];

const schema = fixParams(
  withDefaults(baselineSchema, {
    providers: { initial: 1000, maxTotal: 1000 },
    sim: { steps: 24 * 90 },
  }),
  UNUSED,
  "not read by this scenario's one custom phase",
);

/** The phase: mint, verify, sell, and pause or resume, for every provider each step. */
const perProviderPhase = definePhase("perProviderRewards", (w) => {
  const p = rewards.paramsOf(w);
  const own = rewards.stateOf(w);
  const s = w.providers;
  const cap = s.capacity;
  const buffers = {
    reward: new Float64Array(cap),
    sold: new Float64Array(cap),
    profit: new Float64Array(cap),
    pausedAt: new Int32Array(cap),
  };
  const h = w.params.sim.stepHours;
  // This phase's own random stream: its draws shift no other phase's.
  const rng = w.stream("perProviderRewards");
  return {
    name: "perProviderRewards",
    writes: ["rewards"],
    outcomes: {
      pauses: {
        unit: "pauses",
        description: "times a provider paused over the run",
        read: () => own.pauses,
      },
      pausedShare: {
        unit: "fraction",
        description: "share of present provider-steps spent paused",
        read: () => (own.presentSteps > 0 ? own.pausedSteps / own.presentSteps : 0),
      },
    },
    run(w) {
      // Columns and parameters in locals: the loop below runs for every provider
      // every step, and V8 keeps locals in registers.
      const n = s.highWater;
      const { reward, sold, profit, pausedAt } = buffers;
      const { status, throughput, loadKw, powerPrice, fixedUsdPerHour, capexUsdPerHour } = s;
      const { behaviour, stake } = s;
      const { tokensPerStep, sampleRate, slashShare, sellShare, profitSmoothing } = p;
      const { pauseSteps, reentryMargin } = p;
      const step = w.step;
      const ACTIVE = Status.Active;
      const PAUSED = Status.Paused;
      const CHEATER = Behaviour.Cheater;
      const util = p.meanUtilisation * (1 + 0.25 * Math.sin((2 * Math.PI * (step % 24)) / 24));
      let claimed = 0;
      for (let i = 0; i < n; i++) if (status[i] === ACTIVE) claimed += throughput[i]!;
      claimed *= util * h;
      const perWork = claimed > 0 ? tokensPerStep / claimed : 0;
      const price = w.amm.price;
      // One draw per provider slot, inside the loop: the cursor's draws are
      // inlined and allocate nothing (commit it after the loop).
      const draw = rng.cursor();
      let sampled = 0;
      let caught = 0;
      let soldTokens = 0;
      let slashed = 0;
      // Counted in locals (registers) in the loop, published to the closure after it.
      let pausing = 0;
      let resuming = 0;
      for (let i = 0; i < n; i++) {
        const u = draw.next();
        reward[i] = 0;
        sold[i] = 0;
        const st = status[i];
        if (st !== ACTIVE && st !== PAUSED) continue;
        const work = throughput[i]! * util * h;
        const cost = (loadKw[i]! * powerPrice[i]! + fixedUsdPerHour[i]! + capexUsdPerHour[i]!) * h;
        if (st === PAUSED) {
          // Back after a while, when its share of the emission would beat its costs.
          if (
            step - pausedAt[i]! >= pauseSteps &&
            (tokensPerStep * work * price) / (claimed + work) > (1 + reentryMargin) * cost
          ) {
            w.roster.setStatus(i, Status.Active);
            profit[i] = 0;
            resuming++;
          }
          continue;
        }
        const r = perWork * work;
        reward[i] = r;
        const sell = sellShare * r;
        sold[i] = sell;
        soldTokens += sell;
        if (u < sampleRate) {
          sampled++;
          if (behaviour[i] === CHEATER && stake[i]! > 0) {
            // Rare: one ledger call per caught cheater.
            slashed += slashShare * stake[i]!;
            w.ledger.slash(i, slashShare * stake[i]!, "burn");
            caught++;
          }
        }
        const pr = (1 - profitSmoothing) * profit[i]! + profitSmoothing * (r * price - cost);
        profit[i] = pr;
        if (pr < 0) {
          w.roster.setStatus(i, Status.Paused);
          pausedAt[i] = step;
          pausing++;
        }
      }
      draw.commit();
      const t = w.totals;
      t.minted += w.ledger.mintToProviders(reward, n);
      w.amm.sellFromProviders(sold, n);
      t.providerSoldTokens += soldTokens;
      t.slashed += slashed;
      t.jobsSampled += sampled;
      t.cheatersCaught += caught;
      t.workServed += claimed;
      own.paused = pausing;
      own.resumed = resuming;
      own.pauses += pausing;
      const counts = w.roster.statusCounts;
      own.pausedSteps += counts[PAUSED]!;
      own.presentSteps += counts[ACTIVE]! + counts[PAUSED]!;
    },
  };
});

/**
 * The mechanism: its parameter section (`rewards.*`: this model's own
 * parameters, choices of this illustrative model, not a network's published
 * figures; each says so in `tokensim params`), its counters, its random stream,
 * its phase and its columns (pauses and returns this step).
 */
export const rewards = defineMechanism({
  name: "rewards",
  description: "per-step emission pro rata to claimed work, sampling, pause and re-entry",
  section: {
    // The baseline's emission per provider: 46,000 tokens a day over 5,000 providers,
    // here over 1,000 (an assumption of this model, not a network's figure).
    tokensPerStep: num(400, {
      unit: "tokens per step",
      description: "emission minted each step, split pro rata to the work each provider claims",
      minimum: 0,
      provenance: MODEL,
    }),
    meanUtilisation: share(
      0.6,
      "mean share of capacity used (a fixed daily curve around it)",
      MODEL,
    ),
    sampleRate: share(0.02, "chance that a provider is sampled for verification in a step", MODEL),
    slashShare: share(0.1, "share of a caught cheater's stake slashed (burned); no jail", MODEL),
    sellShare: share(0.5, "share of each step's reward a provider sells at once", MODEL),
    profitSmoothing: share(0.02, "weight of the latest step in a provider's profit average", MODEL),
    pauseSteps: num(72, {
      unit: "steps",
      description: "least time a provider stays paused before it considers coming back",
      minimum: 1,
      provenance: MODEL,
    }),
    reentryMargin: num(0.2, {
      unit: "fraction",
      description:
        "a paused provider comes back when its share would beat its costs by this margin",
      minimum: 0,
      provenance: MODEL,
    }),
  },
  state: () => ({ paused: 0, resumed: 0, pauses: 0, pausedSteps: 0, presentSteps: 0 }),
  // Its own random stream: its draws shift no other phase's.
  streams: ["perProviderRewards"],
  phases: [perProviderPhase],
  columns: (m) => [
    column(
      "providersPausing",
      "providers",
      "providers that paused this step",
      (w) => m.stateOf(w).paused,
    ),
    column(
      "providersResuming",
      "providers",
      "paused providers that came back this step",
      (w) => m.stateOf(w).resumed,
    ),
  ],
});

export const scenario = defineScenario({
  name: "per-provider-rewards",
  summary:
    "one custom phase: per-step emission pro rata to claimed work, per-provider sampling, pause and re-entry",
  schema,
  mechanisms: [rewards],
  phases: ["perProviderRewards"],
});

export const checks = defineChecks({
  runs: 10,
  sets: ["sim.steps=720"],
  outcomes: { priceRatio: priceRatioEnd },
  assertions: [
    // The emission is sold into a pool with no buyers: the price can only fall.
    { name: "the price falls without buyers", stat: "mean", metric: "priceRatio", lessThan: 1 },
    { name: "cheaters are caught", stat: "mean", metric: "cheatersCaught", greaterThan: 0 },
    // pausedShare is this scenario's own outcome (declared by its phase).
    { name: "providers pause", stat: "mean", metric: "pausedShare", greaterThan: 0 },
  ],
  stepInvariants: basicStepInvariants,
});
