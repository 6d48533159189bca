/**
 * Builds the compiled package (dist/) and lays it out as an installed package
 * would be (bin/, dist/, package.json, with this checkout's node_modules) in a
 * temporary folder, for benchmarks that time whole processes. Returns the path
 * of its `bin/tokensim.js`.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..");

export function installedPackage(): string {
  execFileSync(process.execPath, [join(repoRoot, "scripts/build.mjs")], { stdio: "ignore" });
  const pkg = join(mkdtempSync(join(tmpdir(), "tokensim-bench-")), "tokensim");
  mkdirSync(pkg);
  for (const f of ["bin", "dist", "package.json"])
    cpSync(join(repoRoot, f), join(pkg, f), { recursive: true });
  symlinkSync(join(repoRoot, "node_modules"), join(pkg, "node_modules"));
  return join(pkg, "bin/tokensim.js");
}
