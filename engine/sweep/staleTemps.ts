import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

/** Whether process `pid` is alive on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes the `*.tmp-<pid>` files that atomic writes leave when their process
 * died (a kill, a full disk) from a sweep's folder, its summaries/ and every
 * steps/point=.../ folder, where readers of the whole folder would trip on them.
 * A temp file of a live process (another shard writing into the same folder) is
 * left alone, this process's own too unless `includeOwn` (when none of its runs
 * is in flight). Returns how many were removed.
 */
export function removeStaleTemps(out: string, includeOwn = false): number {
  const dirs = [out, join(out, "summaries")];
  const steps = join(out, "steps");
  if (existsSync(steps))
    for (const d of readdirSync(steps, { withFileTypes: true }))
      if (d.isDirectory()) dirs.push(join(steps, d.name));
  let removed = 0;
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      const m = /\.tmp-(\d+)$/.exec(f);
      if (!m) continue;
      const pid = Number(m[1]);
      if (alive(pid) && !(includeOwn && pid === process.pid)) continue;
      rmSync(join(dir, f), { force: true });
      removed++;
    }
  }
  return removed;
}
