import { renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeDir } from "../makeDir.ts";
import { ArrowFileStream, AtomicFileSink, arrowSchema } from "../metrics/arrow.ts";
import { Recorder } from "../metrics/recorder.ts";
import type { RunSummary } from "../pipeline/run.ts";
import { version } from "../version.ts";
import { Competition } from "./compete.ts";
import type { ResolvedStudy } from "./resolve.ts";

/** What {@link competeToFiles} returns: the study's record and each network's summary. */
export interface CompeteResult {
  /** `networks.json`'s content. */
  readonly record: NetworksRecord;
  /** Each network's summary, in the study's order. */
  readonly summaries: readonly RunSummary[];
}

/** The content of `networks.json` (deterministic: no clock readings). */
export interface NetworksRecord {
  tokensimVersion: string;
  study: string;
  seed: number;
  steps: number;
  stepsCompleted: number;
  stepHours: number;
  status: "ok" | "failed";
  failure?: { network: string; invariant: string; step: number; message: string };
  networks: {
    name: string;
    scenario: string;
    sets: readonly string[];
    ownersStart: number;
    ownersEnd: number;
    movesIn: number;
    priceStartUsd: number;
    priceEndUsd: number;
    providersActiveEnd: number;
  }[];
  outside: { ownersStart: number; ownersEnd: number; movesIn: number };
  owners: ResolvedStudy["owners"] & { total: number; moves: number; networkExits: number };
  outsideOption: ResolvedStudy["outside"];
  /** Parameters the study set in every network (`key=value`). */
  forced: readonly string[];
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/**
 * Runs a resolved study at `seed` and writes `out/<network>/steps.arrow` and
 * `summary.json` (the same files as `tokensim run`, each network at run index
 * = its position), `out/networks.arrow` (per step: GPUs, expected return and
 * moves per network and on the outside option, each network's active providers
 * and price) and `out/networks.json` (see {@link NetworksRecord}). An invariant
 * violation in any network stops every network at that step; what was recorded
 * is written and the record says `status: "failed"`.
 */
export async function competeToFiles(
  study: ResolvedStudy,
  out: string,
  opts: { seed: number; onProgress?: (done: number, steps: number) => void },
): Promise<CompeteResult> {
  makeDir(out);
  const streams: ArrowFileStream[] = [];
  const recorders: Recorder[] = [];
  const comp = new Competition(study, {
    seed: opts.seed,
    record: (k, w) => {
      recorders[k]!.record(w);
    },
  });
  comp.sims.forEach((sim, k) => {
    const n = study.networks[k]!;
    const dir = join(out, n.name);
    makeDir(dir);
    const schema = arrowSchema({
      intColumns: [
        { name: "run", unit: "index", description: "Monte Carlo run number" },
        { name: "point", unit: "index", description: "parameter point number in a sweep" },
        { name: "step", unit: "steps", description: "step number (0-based)" },
      ],
      floatColumns: sim.columns,
      metadata: {
        "tokensim.version": version,
        "tokensim.scenario": n.scenario.name,
        "tokensim.seed": String(opts.seed),
        "tokensim.stepHours": String(study.stepHours),
      },
    });
    const stream = new ArrowFileStream(schema, new AtomicFileSink(join(dir, "steps.arrow")));
    streams.push(stream);
    recorders.push(new Recorder(sim.columns, stream, k, 0, 1024));
  });
  const start = comp.placeCounts();
  const priceStart = comp.sims.map((s) => s.world.amm.price);
  const every = Math.max(1, Math.floor(study.steps / 100));
  let summaries: RunSummary[];
  try {
    while (!comp.done) {
      comp.advance();
      const done = comp.stepsCompleted;
      if (done % 256 === 0) for (const s of streams) await s.drain();
      if (opts.onProgress && (done % every === 0 || done === study.steps))
        opts.onProgress(done, study.steps);
    }
    summaries = comp.finish();
    for (const r of recorders) r.flush();
    for (const s of streams) await s.finish();
  } catch (err) {
    for (const s of streams) await s.abort().catch(() => {});
    throw err;
  }
  summaries.forEach((summary, k) => {
    writeJson(join(out, study.networks[k]!.name, "summary.json"), summary);
  });
  const n = comp.stepsCompleted;
  const [stepCol, ...floatCols] = comp.columns;
  const table = new ArrowFileStream(
    arrowSchema({
      intColumns: [stepCol!],
      floatColumns: floatCols,
      metadata: {
        "tokensim.version": version,
        "tokensim.study": study.name,
        "tokensim.kind": "networks",
        "tokensim.seed": String(opts.seed),
        "tokensim.stepHours": String(study.stepHours),
        "tokensim.networks": study.networks.map((x) => x.name).join(","),
      },
    }),
    new AtomicFileSink(join(out, "networks.arrow")),
  );
  table.writeColumns([Int32Array.from(comp.values[0]!.subarray(0, n))], comp.values.slice(1), n);
  await table.finish();
  const end = comp.placeCounts();
  const f = comp.failure;
  const record: NetworksRecord = {
    tokensimVersion: version,
    study: study.name,
    seed: opts.seed,
    steps: study.steps,
    stepsCompleted: comp.stepsCompleted,
    stepHours: study.stepHours,
    status: f ? "failed" : "ok",
    ...(f
      ? {
          failure: {
            network: f.network,
            invariant: f.failure.invariant,
            step: f.failure.step,
            message: f.failure.message,
          },
        }
      : {}),
    networks: study.networks.map((x, k) => ({
      name: x.name,
      scenario: x.scenario.name,
      sets: x.sets,
      ownersStart: start.networks[k]!,
      ownersEnd: end.networks[k]!,
      movesIn: comp.counts.movesIn[k]!,
      priceStartUsd: priceStart[k]!,
      priceEndUsd: summaries[k]!.headline.priceEndUsd,
      providersActiveEnd: summaries[k]!.headline.providersActiveEnd,
    })),
    outside: {
      ownersStart: start.outside,
      ownersEnd: end.outside,
      movesIn: comp.counts.movesIn[study.networks.length]!,
    },
    owners: {
      ...study.owners,
      total: comp.owners.size,
      moves: comp.counts.moves,
      networkExits: comp.counts.networkExits,
    },
    outsideOption: study.outside,
    forced: study.forced,
  };
  writeJson(join(out, "networks.json"), record);
  return { record, summaries };
}
