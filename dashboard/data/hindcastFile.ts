import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Hindcast } from "../../engine/fit/hindcast.ts";
import { checkHindcast } from "./hindcast.ts";

/**
 * Reads `hindcast.json` from a fit's or a counterfactual's folder; undefined
 * when there is none. A file that is not a hindcast (wrong kind, arrays of
 * different lengths) is an error naming the file.
 */
export function readHindcast(dir: string): Hindcast | undefined {
  const path = join(dir, "hindcast.json");
  if (!existsSync(path)) return undefined;
  return checkHindcast(JSON.parse(readFileSync(path, "utf8")) as Hindcast, path);
}
