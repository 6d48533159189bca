import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";

/**
 * Study size. The default is small enough to execute every notebook in a few
 * minutes on 2 cores; `TOKENSIM_FULL=1` (in the environment of Jupyter, VS Code
 * or `npm run notebooks`) runs the full-size study: more Monte Carlo runs,
 * finer grids, longer runs.
 */
export const FULL = (globalThis as { Deno?: typeof Deno }).Deno?.env.get("TOKENSIM_FULL") === "1";

/** `small` in a default run, `full` with TOKENSIM_FULL=1. */
export const size = <T>(small: T, full: T): T => (FULL ? full : small);

/** Worker threads for sweeps (one per core). */
export const WORKERS = Math.max(1, availableParallelism());

/** The repository root (notebooks/lib/ is two levels down). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where a notebook's sweeps write their tables (git-ignored). */
export const resultsDir = (name: string): string =>
  fileURLToPath(new URL(`../../results/notebooks/${name}/`, import.meta.url));
