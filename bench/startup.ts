/**
 * CLI start-up benchmark (a script, not a test). Builds the compiled package
 * into a temporary folder laid out as an installed package would be (bin/,
 * dist/, package.json, with this checkout's node_modules; `installedPackage`),
 * and times whole processes,
 * the median of 10 each:
 *  - `tokensim --version` and `tokensim --help`;
 *  - a run's start-up overhead: `tokensim run baseline` of one step with 10
 *    providers (the simulation itself takes well under a millisecond);
 *  - the same three from the sources through tsx, as a checkout runs them.
 *
 *   npm run bench:startup     (or: npx tsx bench/startup.ts [repeats])
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { installedPackage, repoRoot as root } from "./installedPackage.ts";

const repeats = Number(process.argv[2] ?? 10);
const compiledBin = installedPackage();
const out = mkdtempSync(join(tmpdir(), "tokensim-startup-out-"));

function medianMs(bin: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: out, encoding: "utf8" });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

const RUN = ["run", "baseline", "--steps", "1", "--set", "providers.initial=10", "--quiet"];
const cases: [string, string[]][] = [
  ["--version", ["--version"]],
  ["--help", ["--help"]],
  ["run (1 step, 10 providers)", [...RUN, "--out", join(out, "r")]],
];
const bare = join(out, "empty.mjs");
writeFileSync(bare, "");
console.log(`CLI start-up, median of ${repeats} processes (ms)`);
console.log(`  node with an empty script (the floor): ${medianMs(bare, []).toFixed(0)}`);
console.log("  command                          compiled package   sources (tsx)");
for (const [name, args] of cases) {
  const compiled = medianMs(compiledBin, args);
  const source = medianMs(join(root, "bin/tokensim.js"), args);
  console.log(
    `  ${name.padEnd(32)} ${compiled.toFixed(0).padStart(16)} ${source.toFixed(0).padStart(15)}`,
  );
}
console.log(
  "targets (compiled, idle machine): --help and --version < 150 ms; run start-up < 300 ms",
);
