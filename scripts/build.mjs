// Builds the installable package into dist/: the TypeScript compiler emits
// JavaScript and declarations (tsconfig.build.json), then the runtime files that
// are not TypeScript are copied beside them. `npm pack` runs this (prepack).
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");
rmSync(dist, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(root, "node_modules/typescript/bin/tsc"), "-p", join(root, "tsconfig.build.json")],
  { stdio: "inherit" },
);
/** Runtime files that are not compiled: check baselines, the dashboard page's shell and style. */
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
