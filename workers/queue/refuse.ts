import { scenarioSha256 } from "../../engine/sweep/task.ts";
import type { ChunkJob } from "./protocol.ts";

/** First delay before a refused chunk is offered again, ms; it doubles each time. */
const REFUSED_FIRST_MS = 1000;
/** Longest delay of a refused chunk, ms: a right worker waits at most this long for it. */
const REFUSED_MAX_MS = 10_000;

/**
 * Why this worker cannot run a chunk: its scenario file differs from the sweep's
 * (or is missing here). Null when every scenario of the chunk matches. The file is
 * read for each chunk, so a worker whose file is fixed takes the sweep's chunks
 * from then on.
 */
export function scenarioMismatch(tasks: ChunkJob["tasks"]): string | null {
  const seen = new Set<string>();
  for (const t of tasks) {
    const key = `${t.scenarioRef}#${t.scenarioSha256}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let sha: string;
    try {
      sha = scenarioSha256(t.scenarioRef);
    } catch {
      return `scenario ${t.scenarioRef} is not here`;
    }
    if (sha !== t.scenarioSha256)
      return `scenario ${t.scenarioRef} differs from the sweep's (sha256 ${sha.slice(0, 12)} here, ${t.scenarioSha256.slice(0, 12)} in the sweep)`;
  }
  return null;
}

/**
 * How long a refused chunk waits before it is offered again: doubling with each
 * start of the job (BullMQ's `attemptsStarted`, counted across workers), so that
 * workers with the wrong file do not pass a chunk around in a hot loop.
 */
export const refusedDelayMs = (attemptsStarted: number): number =>
  Math.min(REFUSED_MAX_MS, REFUSED_FIRST_MS * 2 ** Math.max(0, Math.min(10, attemptsStarted - 1)));
