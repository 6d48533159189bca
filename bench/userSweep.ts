/**
 * Sweep benchmark of a user-written model (a script, not a test): 8 runs of the
 * bundled per-provider-rewards scenario (1,000 providers x 8,760 steps) through
 * the compiled CLI, `tokensim sweep --workers 1` against `--workers 2`, and the
 * same 8 runs of the hand-written loop (bench/userModelLoop.ts, bundled to plain
 * JavaScript) as two processes of 4 runs each at once, and as one process of
 * 8 (two plain processes against one: what the machine's cores give, the
 * ceiling for any scaling figure measured on it). Every figure is the wall
 * time of whole processes, start-up included, the median over alternating
 * rounds. Prints the 2-worker scaling (target >= 1.8) and the 2-worker sweep
 * against the two loop processes (target within 1.3x).
 *
 *   npm run bench:user-sweep     (or: npx tsx bench/userSweep.ts [runs] [steps] [rounds])
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { build } from "esbuild";
import { installedPackage, repoRoot } from "./installedPackage.ts";

const runs = Number(process.argv[2] ?? 8);
const steps = Number(process.argv[3] ?? 8760);
const rounds = Number(process.argv[4] ?? 5);
const bin = installedPackage();
const work = mkdtempSync(join(tmpdir(), "tokensim-user-sweep-"));
// Inside the installed package's dist/, so that its imports (and the version
// file's package.json) resolve as the package's own do.
const loopJs = join(dirname(dirname(bin)), "dist/bench/userModelLoop.mjs");
await build({
  entryPoints: [join(repoRoot, "bench/userModelLoopMain.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  outfile: loopJs,
  packages: "external",
  logLevel: "silent",
});

/** Runs the commands at once; resolves with the wall time until the last one exits (s). */
function timed(commands: string[][]): Promise<number> {
  const t0 = performance.now();
  return Promise.all(
    commands.map(
      (args) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, args, {
            cwd: work,
            stdio: ["ignore", "ignore", "pipe"],
          });
          let err = "";
          child.stderr.on("data", (d) => {
            err += d;
          });
          child.on("exit", (code) =>
            code === 0 ? resolve() : reject(new Error(`${args.join(" ")}: exit ${code}: ${err}`)),
          );
        }),
    ),
  ).then(() => (performance.now() - t0) / 1000);
}

const sweep = (workers: number) => {
  const out = join(work, `sweep-${workers}`);
  rmSync(out, { recursive: true, force: true });
  return timed([
    [
      bin,
      "sweep",
      "per-provider-rewards",
      "--set",
      `sim.steps=${steps}`,
      "--runs",
      String(runs),
      "--workers",
      String(workers),
      "--quiet",
      "--out",
      out,
    ],
  ]);
};
const half = Math.floor(runs / 2);
const loopOne = () => timed([[loopJs, "0", String(runs), String(steps)]]);
const loops = () =>
  timed([
    [loopJs, "0", String(half), String(steps)],
    [loopJs, String(half), String(runs - half), String(steps)],
  ]);

const one: number[] = [];
const two: number[] = [];
const loop: number[] = [];
const loop1: number[] = [];
for (let r = 0; r < rounds; r++) {
  one.push(await sweep(1));
  two.push(await sweep(2));
  loop.push(await loops());
  loop1.push(await loopOne());
}
rmSync(work, { recursive: true, force: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const m1 = median(one);
const m2 = median(two);
const ml = median(loop);
const ml1 = median(loop1);
console.log(
  `user-model sweep: per-provider-rewards, ${runs} runs of 1000 providers x ${steps} steps, median of ${rounds} alternating rounds (whole processes)`,
);
console.log(`  sweep, 1 worker                 ${m1.toFixed(2)} s`);
console.log(`  sweep, 2 workers                ${m2.toFixed(2)} s`);
console.log(`  scaling                         ${(m1 / m2).toFixed(2)}x (target >= 1.8)`);
console.log(`  hand-written loop, 1 process    ${ml1.toFixed(2)} s`);
console.log(`  hand-written loop, 2 processes  ${ml.toFixed(2)} s`);
console.log(
  `  the machine's own scaling       ${(ml1 / ml).toFixed(2)}x (the loop on 2 processes against 1: the ceiling here)`,
);
console.log(`  2-worker sweep / loop           ${(m2 / ml).toFixed(2)} (target <= 1.3)`);
