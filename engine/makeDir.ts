import { existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { TokensimError } from "./errors.ts";

/**
 * Creates directory `dir` and its missing parents one level at a time, so that
 * a place where nothing can be created fails at once with its own reason
 * (`EROFS` on a read-only disk, `EACCES`, `ENOENT` under /proc), where Node's
 * recursive mkdir can report a misleading `ENOENT` or, under /proc, never return.
 */
export function makeDir(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory())
    throw new TokensimError("TOKENSIM_OUT", `cannot create ${dir}: ${at} is a file`);
  for (const d of missing.reverse()) {
    try {
      mkdirSync(d);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === "EEXIST") continue;
      throw new TokensimError(
        "TOKENSIM_OUT",
        `cannot create ${dir}: ${e.code ?? e.message} at ${d}`,
      );
    }
  }
}
