/**
 * Builds the package's JavaScript straight into a temporary folder laid out as
 * an installed package would be (bin/, dist/, package.json, with this
 * checkout's node_modules; no declarations, and the checkout's own dist/ is
 * left alone), for benchmarks that time whole processes. Returns the path of
 * its `bin/tokensim.js`.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..");

export function installedPackage(): string {
  const pkg = join(mkdtempSync(join(tmpdir(), "tokensim-bench-")), "tokensim");
  mkdirSync(pkg);
  execFileSync(
    process.execPath,
    [join(repoRoot, "scripts/build.mjs"), "--outdir", join(pkg, "dist"), "--no-declarations"],
    { stdio: "ignore" },
  );
  for (const f of ["bin", "package.json"])
    cpSync(join(repoRoot, f), join(pkg, f), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules"), join(pkg, "node_modules"));
  return join(pkg, "bin/tokensim.js");
}
