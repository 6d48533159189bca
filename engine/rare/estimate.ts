import { replicaInterval } from "./interval.ts";
import { type ReplicaBudget, replicaAmsOptions, replicaBudget } from "./replica.ts";
import { type AmsIteration, type AmsResult, runAms, type SplittingProcess } from "./splitting.ts";

/** Settings of `estimateRareProbability`. */
export interface RareSettings {
  /** Particles per replica (n; default 100). */
  particles?: number;
  /** Independent AMS replicas (M ≥ 2; default 10): the interval comes from their spread. */
  replicas?: number;
  /** Total budget, split evenly across the replicas: trajectories simulated, or steps (replay included). */
  budget?: { runs?: number; steps?: number };
  /** Confidence level of the interval (default 0.95). */
  confidence?: number;
  /** Root seed: keys the particles' origins' branch ids and the survivor choices. */
  seed: number;
  /** Called after each replica. */
  onReplica?: (done: number, total: number, r: AmsResult) => void;
}

/** One replica's figures, as rare.json reports them. */
export interface ReplicaSummary {
  replica: number;
  estimate: number;
  bound: number;
  status: AmsResult["status"];
  iterations: number;
  runs: number;
  steps: number;
}

/** An iteration of one replica (a row of rare.arrow). */
export interface IterationRow extends AmsIteration {
  replica: number;
}

/** A rare-event probability with its interval and cost. */
export interface RareEstimate {
  method: string;
  estimate: number;
  lower: number;
  upper: number;
  confidence: number;
  relativeError: number;
  standardError: number;
  particles: number;
  replicas: number;
  /** Trajectories simulated in all (each replays its prefix from step 0). */
  runs: number;
  /** Steps simulated in all, replay included. */
  steps: number;
  /** Replicas that went extinct or ran out of budget: the upper end uses their bound. */
  incomplete: number;
  perReplica: ReplicaSummary[];
  iterations: IterationRow[];
}

const positiveInt = (name: string, v: number) => {
  if (!(Number.isInteger(v) && v > 0))
    throw new RangeError(`${name} must be a positive integer (got ${v})`);
};

/** The checked sizes of an estimate and each replica's budget. */
interface ReplicaPlan {
  particles: number;
  replicas: number;
  confidence: number;
  budget: ReplicaBudget;
}

function planReplicas(s: RareSettings): ReplicaPlan {
  const n = s.particles ?? 100;
  const m = s.replicas ?? 10;
  const confidence = s.confidence ?? 0.95;
  positiveInt("particles", n);
  if (n < 2) throw new RangeError(`particles must be at least 2 (got ${n})`);
  positiveInt("replicas", m);
  if (m < 2) throw new RangeError(`replicas must be at least 2 for an interval (got ${m})`);
  if (!(confidence > 0.5 && confidence < 1))
    throw new RangeError(`confidence must be in (0.5, 1) (got ${confidence})`);
  return { particles: n, replicas: m, confidence, budget: replicaBudget(s.budget, m, n) };
}

/** The estimate from the replicas' results, in replica order. */
function combineReplicas(plan: ReplicaPlan, results: readonly AmsResult[]): RareEstimate {
  const { particles: n, replicas: m, confidence } = plan;
  const iterations: IterationRow[] = [];
  results.forEach((res, r) => {
    for (const it of res.iterations) iterations.push({ replica: r, ...it });
  });
  const ci = replicaInterval(
    results.map((r) => r.estimate),
    confidence,
    results.map((r) => r.bound),
  );
  return {
    method: `adaptive multilevel splitting (Bréhier et al. 2016, one level per iteration), ${m} independent replicas of ${n} particles, t interval`,
    ...ci,
    confidence,
    particles: n,
    replicas: m,
    runs: results.reduce((a, r) => a + r.runs, 0),
    steps: results.reduce((a, r) => a + r.steps, 0),
    incomplete: results.filter((r) => r.status !== "reached").length,
    perReplica: results.map((r, k) => ({
      replica: k,
      estimate: r.estimate,
      bound: r.bound,
      status: r.status,
      iterations: r.iterations.length,
      runs: r.runs,
      steps: r.steps,
    })),
    iterations,
  };
}

/**
 * P(max score ≥ level) by M independent runs of adaptive multilevel splitting
 * (see {@link runAms}), each unbiased: the estimate is their mean, the interval
 * a t interval on their spread (see {@link replicaInterval}); a replica that
 * went extinct or ran out of budget estimates 0 but contributes its bound (the
 * probability of the highest level it passed) to the upper end. Replica r starts
 * its particles from origins r·n … r·n + n − 1 and chooses survivors from its
 * own stream (see {@link replicaAmsOptions}), so the result depends on the seed
 * and settings alone. The replicas run one after another in this thread.
 */
export function estimateRareProbability(
  process: SplittingProcess,
  level: number,
  s: RareSettings,
): RareEstimate {
  const plan = planReplicas(s);
  const results: AmsResult[] = [];
  for (let r = 0; r < plan.replicas; r++) {
    const res = runAms(process, replicaAmsOptions(s.seed, plan.particles, r, level, plan.budget));
    results.push(res);
    s.onReplica?.(r + 1, plan.replicas, res);
  }
  return combineReplicas(plan, results);
}

/**
 * Runs replica r (the AMS of {@link replicaAmsOptions} with these sizes)
 * wherever it likes: a worker thread, a queue worker on another machine.
 */
export type ReplicaRunner = (
  replica: number,
  particles: number,
  budget: ReplicaBudget,
) => Promise<AmsResult>;

/**
 * `estimateRareProbability` with the replicas run by `runReplica`, all at
 * once: the unit of parallel work is one replica (the replicas are independent;
 * the particles of one replica are not, as each iteration branches from the
 * survivors of the last). The results are combined in replica order, so the
 * estimate equals the in-thread one, byte for byte, whatever ran the replicas.
 */
export async function estimateRareProbabilityWith(
  runReplica: ReplicaRunner,
  s: RareSettings,
): Promise<RareEstimate> {
  const plan = planReplicas(s);
  let done = 0;
  const results = await Promise.all(
    Array.from({ length: plan.replicas }, async (_, r) => {
      const res = await runReplica(r, plan.particles, plan.budget);
      s.onReplica?.(++done, plan.replicas, res);
      return res;
    }),
  );
  return combineReplicas(plan, results);
}
