import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeFileAtomic } from "../optimize/record.ts";
import { scenarioPath } from "../scenario.ts";
import { scenarioSha256 } from "../sweep/task.ts";

/**
 * The outcomes module: beside this file in the source; in the compiled package,
 * the entry `dist/engine/stress/outcomes.js` (scripts/build.mjs), whereas this
 * code sits in a file one level below dist/ (a chunk, or an entry).
 */
const OUTCOMES = fileURLToPath(
  import.meta.url.endsWith(".ts")
    ? new URL("./outcomes.ts", import.meta.url)
    : new URL("../engine/stress/outcomes.js", import.meta.url),
);

/**
 * Writes `<out>/stress-scenario.mts`: the scenario `ref` with the run outcome
 * `shockCostUsd` and the `stressProbe` phase added (engine/stress/outcomes.ts;
 * the bundled files are not changed), and
 * returns its path, the scenario reference the stress study runs. The file
 * names the wrapped file's SHA-256, so a changed scenario changes the
 * wrapper's hash and a `--resume` refuses it.
 */
export function writeStressScenario(ref: string, out: string): string {
  const path = join(out, "stress-scenario.mts");
  const base = scenarioPath(ref);
  const text = `// Written by 'tokensim stress' (engine/stress/wrapper.ts): ${JSON.stringify(ref)} plus the shockCostUsd outcome and the stressProbe phase.
// Wrapped file sha256: ${scenarioSha256(ref)}
import * as base from ${JSON.stringify(pathToFileURL(base).href)};
import { stressScenario } from ${JSON.stringify(pathToFileURL(OUTCOMES).href)};
export const scenario = stressScenario(base.scenario ?? base.default);
`;
  writeFileAtomic(path, text);
  return path;
}
