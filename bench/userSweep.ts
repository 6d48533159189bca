/**
 * Sweep benchmark of a user-written model (a script, not a test): 8 runs of the
 * bundled per-provider-rewards scenario (1,000 providers x 8,760 steps) through
 * the compiled CLI, `tokensim sweep --workers 1` against `--workers 2`, each
 * also with `--no-steps` (no per-step Arrow files: the loop writes nothing), and
 * the same 8 runs of the hand-written loop (bench/userModelLoop.ts, bundled to
 * plain JavaScript) as two processes of 4 runs each at once, and as one process
 * of 8 (two plain processes against one: what the machine's cores give, the
 * ceiling for any scaling figure measured on it).
 *
 * Every figure covers whole processes, start-up included: wall time until the
 * last one exits, and CPU time (user + system of every process, all its threads,
 * read by a preloaded probe as the process exits). The variants alternate
 * within each round; the median and the best of the rounds are printed. Prints
 * the 2-worker scaling (target >= 1.8) and the 2-worker sweep against the two
 * loop processes (target within 1.3x).
 *
 * The package is built into a temporary folder (the JavaScript only, as
 * `scripts/build.mjs --outdir <dir> --no-declarations` builds it: this
 * checkout's dist/ is left alone) and laid out as an installed package; set
 * TOKENSIM_BENCH_BIN to an installed package's bin/tokensim.js to time that one
 * instead (to compare two builds).
 *
 *   npm run bench:user-sweep     (or: npx tsx bench/userSweep.ts [runs] [steps] [rounds])
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { installedPackage, repoRoot } from "./installedPackage.ts";

const runs = Number(process.argv[2] ?? 8);
const steps = Number(process.argv[3] ?? 8760);
const rounds = Number(process.argv[4] ?? 5);
for (const [name, v, min] of [
  ["runs", runs, 2],
  ["steps", steps, 1],
  ["rounds", rounds, 1],
] as const)
  if (!Number.isSafeInteger(v) || v < min)
    throw new Error(`${name} must be an integer >= ${min} (got ${v})`);
const given = process.env.TOKENSIM_BENCH_BIN;
const bin = given ?? installedPackage();
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

// Preloaded into every timed process: at exit, its main thread writes the
// process's CPU time (every thread's, finished worker threads included) to the
// file named by the environment.
const probe = join(work, "cpuProbe.mjs");
writeFileSync(
  probe,
  `import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";
const file = process.env.TOKENSIM_BENCH_CPU;
if (isMainThread && file)
  process.on("exit", () => {
    const u = process.resourceUsage();
    writeFileSync(file, JSON.stringify((u.userCPUTime + u.systemCPUTime) / 1e6));
  });
`,
);
const probeUrl = pathToFileURL(probe).href;

/** Wall time until the last process exits and the CPU time of them all (s). */
interface Timing {
  wall: number;
  cpu: number;
}

let spawned = 0;
/** Runs the commands at once (node with the probe preloaded). */
function timed(commands: string[][]): Promise<Timing> {
  const t0 = performance.now();
  return Promise.all(
    commands.map(
      (args) =>
        new Promise<number>((resolve, reject) => {
          const cpuFile = join(work, `cpu-${spawned++}.json`);
          const child = spawn(process.execPath, ["--import", probeUrl, ...args], {
            cwd: work,
            stdio: ["ignore", "ignore", "pipe"],
            env: { ...process.env, TOKENSIM_BENCH_CPU: cpuFile },
          });
          let err = "";
          child.stderr.on("data", (d) => {
            err += d;
          });
          child.on("exit", (code) =>
            code === 0
              ? resolve(Number(JSON.parse(readFileSync(cpuFile, "utf8"))))
              : reject(new Error(`${args.join(" ")}: exit ${code}: ${err}`)),
          );
        }),
    ),
  ).then((cpus) => ({
    wall: (performance.now() - t0) / 1000,
    cpu: cpus.reduce((a, b) => a + b, 0),
  }));
}

const sweep = (workers: number, keepSteps: boolean) => (): Promise<Timing> => {
  const out = join(work, `sweep-${workers}${keepSteps ? "" : "-nosteps"}`);
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
      ...(keepSteps ? [] : ["--no-steps"]),
      "--quiet",
      "--out",
      out,
    ],
  ]);
};
const half = Math.floor(runs / 2);
const variants = {
  sweep1: { label: "sweep, 1 worker", run: sweep(1, true) },
  sweep2: { label: "sweep, 2 workers", run: sweep(2, true) },
  sweep1ns: { label: "sweep, 1 worker, --no-steps", run: sweep(1, false) },
  sweep2ns: { label: "sweep, 2 workers, --no-steps", run: sweep(2, false) },
  loop2: {
    label: "hand-written loop, 2 processes",
    run: () =>
      timed([
        [loopJs, "0", String(half), String(steps)],
        [loopJs, String(half), String(runs - half), String(steps)],
      ]),
  },
  loop1: {
    label: "hand-written loop, 1 process",
    run: () => timed([[loopJs, "0", String(runs), String(steps)]]),
  },
};
type Variant = keyof typeof variants;
const names = Object.keys(variants) as Variant[];
const seen = Object.fromEntries(names.map((n) => [n, [] as Timing[]])) as Record<Variant, Timing[]>;
for (let r = 0; r < rounds; r++) {
  // Alternate, and rotate the order each round so that no variant always
  // follows the same one.
  for (let k = 0; k < names.length; k++) {
    const name = names[(k + r) % names.length]!;
    seen[name].push(await variants[name].run());
  }
}
rmSync(work, { recursive: true, force: true });
rmSync(loopJs, { force: true });
if (given === undefined) {
  // The built package's temporary folder: its node_modules link first (so
  // that nothing could follow it into this checkout's), then the rest.
  const pkg = dirname(dirname(bin));
  unlinkSync(join(pkg, "node_modules"));
  rmSync(dirname(pkg), { recursive: true, force: true });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const best = (xs: number[]) => Math.min(...xs);
/** A variant's figure by the given statistic: wall or cpu. */
const fig = (n: Variant, stat: (xs: number[]) => number, k: keyof Timing) =>
  stat(seen[n].map((t) => t[k]));
const s = (x: number) => x.toFixed(2).padStart(6);

console.log(
  `user-model sweep: per-provider-rewards, ${runs} runs of 1000 providers x ${steps} steps, ${rounds} alternating rounds (whole processes, start-up included)`,
);
console.log("                                      wall median   best    CPU median   best");
for (const n of names)
  console.log(
    `  ${variants[n].label.padEnd(34)} ${s(fig(n, median, "wall"))} s ${s(fig(n, best, "wall"))} s   ${s(fig(n, median, "cpu"))} s ${s(fig(n, best, "cpu"))} s`,
  );
/** a / b of medians, and of bests. */
const ratio = (a: Variant, b: Variant, k: keyof Timing) =>
  `${s(fig(a, median, k) / fig(b, median, k))} (${(fig(a, best, k) / fig(b, best, k)).toFixed(2)})`;
console.log("ratios: of the medians (of the bests)     wall a/b         CPU a/b");
const rows: [string, Variant, Variant, string][] = [
  ["1 worker / 2 workers (scaling)", "sweep1", "sweep2", "target >= 1.8 (wall)"],
  ["the same, --no-steps", "sweep1ns", "sweep2ns", ""],
  ["loop 1 process / 2 (the machine's own)", "loop1", "loop2", "the ceiling of the scaling here"],
  ["2-worker sweep / 2 loop processes", "sweep2", "loop2", "target <= 1.3 (wall)"],
  ["the same, --no-steps", "sweep2ns", "loop2", ""],
  ["1-worker sweep / 1 loop process", "sweep1", "loop1", ""],
  ["the same, --no-steps", "sweep1ns", "loop1", ""],
];
for (const [label, a, b, note] of rows)
  console.log(`  ${label.padEnd(40)} ${ratio(a, b, "wall")}   ${ratio(a, b, "cpu")}  ${note}`);
