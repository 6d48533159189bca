import { type Table, tableFromIPC } from "apache-arrow";
import { expect } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { resolveParams, type Scenario } from "../../engine/scenario.ts";

/**
 * Runs `scenario` once with the overrides `sets` and `seed`, in memory; expects
 * the run to end "ok" (no invariant broken) and gives its per-step Arrow file,
 * the bytes of steps.arrow and their table.
 */
export async function runTable(
  scenario: Scenario,
  sets: readonly string[],
  seed: number,
): Promise<{ bytes: Uint8Array; table: Table }> {
  const params = resolveParams(scenario, sets);
  const sink = new MemorySink();
  const summary = await runSimulation({ scenario, params, seed }, sink);
  expect(summary.status).toBe("ok");
  return { bytes: sink.bytes(), table: tableFromIPC(sink.bytes()) };
}
