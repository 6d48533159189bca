// Builds the installable package into dist/ (`npm run build`; `npm pack` runs it):
//  - declarations (.d.ts) from the TypeScript compiler (tsconfig.build.json);
//  - JavaScript from esbuild: one ES module per entry point (the public API, the
//    CLI, the worker-thread tasks, the bundled scenarios and workloads) one level
//    below dist/, with the code they share in dist/chunks/, so that a scenario and
//    the CLI share one engine. apache-arrow, TypeBox and the other pure-JS
//    libraries are bundled (start-up reads a few files, not hundreds); packages
//    with native code, worker files or loaders of their own stay dependencies;
//  - the dashboard page, prebuilt, and the check baselines.
//
//   node scripts/build.mjs [--outdir <dir>] [--no-declarations]
// --outdir builds elsewhere than dist/ (a benchmark's copy); --no-declarations
// skips the .d.ts step (the JavaScript alone, for timing it).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";

const { values: flags } = parseArgs({
  options: { outdir: { type: "string" }, "no-declarations": { type: "boolean" } },
});
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = flags.outdir ? resolve(flags.outdir) : join(root, "dist");
rmSync(dist, { recursive: true, force: true });
if (!flags["no-declarations"])
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/typescript/bin/tsc"),
      "-p",
      join(root, "tsconfig.build.json"),
      "--emitDeclarationOnly",
      "--outDir",
      dist,
    ],
    { stdio: "inherit" },
  );

const tsIn = (dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith(".ts"))
    .map((f) => `${dir}/${f}`);
await build({
  absWorkingDir: root,
  entryPoints: [
    "api/index.ts",
    "api/run.ts",
    "cli/main.ts",
    "workers/tasks.ts",
    "dashboard/dataWorker.ts",
    "calibration/worker.ts",
    ...tsIn("scenarios"),
    ...tsIn("calibration/workloads"),
    // imported by the scenario wrapper that `tokensim stress` writes next to its output
    "engine/stress/outcomes.ts",
  ],
  outdir: dist,
  outbase: ".",
  entryNames: "[dir]/[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: [
    "@observablehq/plot",
    "@resvg/resvg-js",
    "bullmq",
    "esbuild",
    "fastify",
    "hdr-histogram-js",
    "ioredis",
    "linkedom",
    "parquet-wasm",
    "piscina",
    "tsx",
  ],
  // Bundled CommonJS (seedrandom) may require Node's built-ins.
  banner: {
    js: 'import { createRequire as __tokensimRequire } from "node:module"; const require = __tokensimRequire(import.meta.url);',
  },
  logLevel: "warning",
});
// Every entry sits one level below dist/ (dist/cli/main.js, dist/chunks/...):
// shared code finds the package's files (scenarios/, package.json, worker files)
// relative to its own location.

// The dashboard page, with the options of dashboard/server/bundle.ts (PAGE_BUILD).
await build({
  absWorkingDir: root,
  entryPoints: ["dashboard/page/main.ts"],
  outfile: join(dist, "dashboard/page/app.js"),
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "warning",
});
const assets = [
  ["scenarios/baselines", (f) => f.endsWith(".json")],
  ["dashboard/page", (f) => f.endsWith(".html") || f.endsWith(".css")],
];
for (const [dir, keep] of assets) {
  mkdirSync(join(dist, dir), { recursive: true });
  for (const f of readdirSync(join(root, dir)).filter(keep))
    cpSync(join(root, dir, f), join(dist, dir, f));
}
console.log(`built ${dist}`);
