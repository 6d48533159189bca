import { MemorySink } from "/work/main/engine/metrics/arrow.ts";
import { runSimulation } from "/work/main/engine/pipeline/run.ts";
import { loadScenario, resolveParams } from "/work/main/engine/scenario.ts";
const [ref, days, ...sets] = process.argv.slice(2);
const scenario = await loadScenario(ref!);
const params = resolveParams(scenario, [`sim.steps=${Number(days) * 24}`, ...sets]);
const t0 = performance.now();
for (let run = 0; run < 4; run++) {
  const s = await runSimulation({ scenario, params, seed: 1, runIndex: run }, new MemorySink());
  const h = s.headline;
  console.log(`${ref} r${run}: price ${h.priceEndUsd.toFixed(3)} dd ${h.maxDrawdownPct.toFixed(1)} prov ${h.providersStart}->${h.providersActiveEnd} drop ${h.dropRate.toFixed(3)} minted ${h.mintedTokens.toFixed(0)} burned ${h.burnedTokens.toFixed(0)} supply% ${h.supplyChangePct.toFixed(2)} caught ${h.cheatersCaught} spirals ${(s as unknown as {deathSpirals: unknown[]}).deathSpirals.length} ${s.status}`);
}
console.log(`  ${((performance.now() - t0) / 4000).toFixed(2)} s/run`);
