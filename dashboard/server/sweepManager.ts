import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { BASE_COLUMNS } from "../../engine/metrics/columns.ts";
import type { NetworkParams } from "../../engine/params/network.ts";
import { resolveParams } from "../../engine/scenario.ts";
import { planSweep, type SweepPlan, type SweepRequest } from "../../engine/sweep/plan.ts";
import { runSweep } from "../../engine/sweep/runner.ts";
import { createExecutor, type SweepExecutor } from "../../workers/executor.ts";

/** A sweep the server runs, as reported to clients. */
export interface SweepState {
  id: string;
  /** The result folder's id under the results directory. */
  result: string;
  scenario: string;
  status: "running" | "done" | "failed" | "interrupted" | "cancelled";
  done: number;
  total: number;
  /** Runs that did not complete ok (known when done). */
  failedRuns: number;
  message: string;
  startedAt: string;
  finishedAt: string | null;
}

/** A launch over the server's budget (HTTP 422): nothing was started. */
export class BudgetError extends Error {}

/** Default budget of one launch: provider-steps (≈ 7 CPU-minutes at the engine's speed). */
export const DEFAULT_MAX_PROVIDER_STEPS = 2e10;
/** Default budget of one launch: bytes of per-step output it may write. */
export const DEFAULT_MAX_OUTPUT_BYTES = 2e9;

/** Every run slot is taken: the client should retry after `retryAfterS` seconds. */
export class BusyError extends Error {
  constructor(readonly retryAfterS: number) {
    super("too many sweeps running; retry later");
  }
}

type Listener = (event: "progress" | "done", state: SweepState) => void;

interface Entry {
  state: SweepState;
  listeners: Set<Listener>;
  controller: AbortController;
  finished: Promise<void>;
  /** Stopped by a client (not by the server shutting down). */
  cancelled: boolean;
}

export interface SweepManagerOptions {
  resultsDir: string;
  /** Sweeps running at once; more get a BusyError (HTTP 429). */
  maxActive: number;
  /** Worker threads of the shared pool (0: run in the server's thread, for tests). */
  workers: number;
  /** Most provider-steps (Σ over runs of steps × providers) one launch may simulate. */
  maxProviderSteps?: number;
  /** Most bytes of per-step output one launch may write (estimated before it starts). */
  maxOutputBytes?: number;
  log?: { info(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /**
   * Called with a completed sweep's folder before its "done" event, to prepare
   * what the page will ask for next (the heatmap table).
   */
  onComplete?: (dir: string) => void;
}

/**
 * Runs sweeps in a shared worker-thread pool (so the server's event loop stays
 * free), at most `maxActive` at once. Progress goes to subscribers; a
 * subscriber leaving does not stop the sweep. `close()` stops dispatching, lets
 * the runs in flight finish and be written, then ends every stream.
 */
export class SweepManager {
  private readonly entries = new Map<string, Entry>();
  private executor: SweepExecutor | undefined;
  private pending = 0;
  private closing = false;

  constructor(private readonly opts: SweepManagerOptions) {}

  private async runExecutor(): Promise<SweepExecutor> {
    this.executor ??= await createExecutor({ workers: this.opts.workers });
    return this.executor;
  }

  /** Sweeps running now. */
  active(): number {
    return (
      [...this.entries.values()].filter((e) => e.state.status === "running").length + this.pending
    );
  }

  list(): SweepState[] {
    return [...this.entries.values()].map((e) => ({ ...e.state }));
  }

  get(id: string): SweepState | undefined {
    const e = this.entries.get(id);
    return e ? { ...e.state } : undefined;
  }

  /** A fresh result folder name: `<scenario>-<n>`, the first n free. */
  private reserve(scenario: string): string {
    for (let n = 1; ; n++) {
      const id = `${scenario}-${String(n).padStart(3, "0")}`;
      const dir = join(this.opts.resultsDir, id);
      if (!existsSync(dir) && !this.entries.has(id)) {
        mkdirSync(dir, { recursive: true });
        return id;
      }
    }
  }

  /**
   * Checks and starts a sweep; resolves once it is planned (bad parameters
   * reject with the engine's ParameterError or ScenarioError), before any run.
   */
  async start(req: SweepRequest, scenarioName: string): Promise<SweepState> {
    if (this.closing) throw new BusyError(30);
    // Planning checks every point's parameters first: bad input is a 400 even when busy.
    const plan = await planSweep(req);
    this.checkBudget(plan);
    if (this.closing) throw new BusyError(30);
    if (this.active() >= this.opts.maxActive) throw new BusyError(10);
    this.pending++;
    let executor: SweepExecutor;
    try {
      executor = await this.runExecutor();
    } finally {
      this.pending--;
    }
    const id = this.reserve(scenarioName);
    const out = join(this.opts.resultsDir, id);
    const state: SweepState = {
      id,
      result: id,
      scenario: plan.manifest.scenario,
      status: "running",
      done: 0,
      total: plan.tasks.length,
      failedRuns: 0,
      message: "",
      startedAt: new Date().toISOString(),
      finishedAt: null,
    };
    const controller = new AbortController();
    const listeners = new Set<Listener>();
    const emit = (event: "progress" | "done") => {
      for (const l of [...listeners]) {
        try {
          l(event, { ...state });
        } catch {
          listeners.delete(l);
        }
      }
    };
    const finished = runSweep(req, {
      out,
      executor: executor.run,
      concurrency: executor.concurrency,
      signal: controller.signal,
      onProgress: (done) => {
        state.done = done;
        emit("progress");
      },
    })
      .then((outcome) => {
        state.failedRuns = outcome.failures.length;
        const cancelled = this.entries.get(id)?.cancelled === true;
        state.status = outcome.interrupted ? (cancelled ? "cancelled" : "interrupted") : "done";
        state.message = outcome.interrupted
          ? `${cancelled ? "cancelled" : "stopped"} at ${state.done}/${state.total} runs; every finished run is kept`
          : `${state.total} runs, ${outcome.failures.length} not ok`;
        this.opts.log?.info(
          { sweep: id, status: state.status, runs: state.done },
          "sweep finished",
        );
        if (!outcome.interrupted) {
          try {
            this.opts.onComplete?.(out);
          } catch (err) {
            // The page computes it on request instead; the sweep itself is done.
            this.opts.log?.error({ sweep: id, err: (err as Error).message }, "precompute failed");
          }
        }
      })
      .catch((err: Error) => {
        state.status = "failed";
        state.message = err.message;
        this.opts.log?.error({ sweep: id, err: err.message }, "sweep failed");
      })
      .finally(() => {
        state.finishedAt = new Date().toISOString();
        emit("done");
        listeners.clear();
      });
    this.entries.set(id, { state, listeners, controller, finished, cancelled: false });
    this.opts.log?.info(
      { sweep: id, scenario: state.scenario, runs: state.total },
      "sweep started",
    );
    return { ...state };
  }

  /**
   * Refuses a launch whose work or output is over the budget, before anything
   * runs: Σ over runs of steps × the most providers the run may have, and the
   * per-step bytes it would write (recorded rows × columns × 8 bytes).
   */
  private checkBudget(plan: SweepPlan): void {
    const maxSteps = this.opts.maxProviderSteps ?? DEFAULT_MAX_PROVIDER_STEPS;
    const maxBytes = this.opts.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const byPoint = new Map<number, NetworkParams>();
    let providerSteps = 0;
    let bytes = 0;
    for (const t of plan.tasks) {
      let p = byPoint.get(t.point);
      if (!p) {
        p = resolveParams(plan.scenario, t.sets);
        byPoint.set(t.point, p);
      }
      providerSteps += p.sim.steps * Math.max(p.providers.initial, p.providers.maxTotal);
      // The per-step columns (one per hardware class among them) and run/point/step.
      const columns = BASE_COLUMNS.length + Object.keys(p.hardware).length + 3;
      if (t.keepSteps) bytes += Math.ceil(p.sim.steps / t.recordEvery) * columns * 8;
    }
    if (providerSteps > maxSteps)
      throw new BudgetError(
        `this sweep would simulate ${providerSteps.toExponential(2)} provider-steps (runs × steps × providers); this server allows ${maxSteps.toExponential(2)} per launch (tokensim serve --max-provider-steps)`,
      );
    if (bytes > maxBytes)
      throw new BudgetError(
        `this sweep would write about ${(bytes / 1e9).toFixed(2)} GB of per-step output; this server allows ${(maxBytes / 1e9).toFixed(2)} GB per launch (record fewer steps, or tokensim serve --max-output-gb)`,
      );
  }

  /**
   * Cancels a running sweep: no new runs start, the runs in flight finish and are
   * written, and the result keeps every finished run (status "cancelled").
   * Returns the state, or undefined for an unknown id.
   */
  cancel(id: string): SweepState | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.state.status === "running") {
      e.cancelled = true;
      e.controller.abort();
    }
    return { ...e.state };
  }

  /** Follows a sweep: `listener` gets each progress and the end. Returns the unsubscribe. */
  subscribe(id: string, listener: Listener): () => void {
    const e = this.entries.get(id);
    if (!e) return () => {};
    if (e.state.status !== "running") {
      listener("done", { ...e.state });
      return () => {};
    }
    e.listeners.add(listener);
    return () => e.listeners.delete(listener);
  }

  /** Waits for a sweep to end (tests, shutdown). */
  async wait(id: string): Promise<SweepState | undefined> {
    const e = this.entries.get(id);
    if (!e) return undefined;
    await e.finished;
    return { ...e.state };
  }

  /** Stops dispatching, waits for the runs in flight to be written, then frees the pool. */
  async close(): Promise<void> {
    this.closing = true;
    for (const e of this.entries.values()) e.controller.abort();
    await Promise.all([...this.entries.values()].map((e) => e.finished));
    await this.executor?.close();
    this.executor = undefined;
  }
}
