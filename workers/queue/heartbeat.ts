import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { coordinatorKey, sweepOwnerKey } from "./protocol.ts";

/** A coordinator's heartbeat key (see {@link coordinatorKey}), and its claim on a sweep's output. */
export interface Heartbeat {
  /** Renews the keys (and recreates them after Redis lost its data). */
  beat(): Promise<void>;
  /** Deletes them: this coordinator's leftovers are orphans from now on. */
  stop(): Promise<void>;
}

/**
 * Starts a coordinator's heartbeat, lasting `ttlMs` unless renewed. With a
 * `sweepKey` (the sweep's host and output folder) it first takes over from the
 * coordinator that held the same output: that one was killed (a second Ctrl-C)
 * and is then dead at once, rather than when its heartbeat lapses, so a
 * `--resume` right after it removes its chunks instead of running them twice.
 */
export async function startHeartbeat(
  redis: Redis,
  queueName: string,
  self: string,
  ttlMs: number,
  sweepKey?: string,
): Promise<Heartbeat> {
  const mine = coordinatorKey(queueName, self);
  const owner = sweepKey
    ? sweepOwnerKey(queueName, createHash("sha256").update(sweepKey).digest("hex").slice(0, 16))
    : null;
  const previous = owner ? await redis.get(owner) : null;
  if (previous && previous !== self) await redis.del(coordinatorKey(queueName, previous));
  const beat = async (): Promise<void> => {
    await redis.set(mine, "1", "PX", ttlMs);
    if (owner) await redis.set(owner, self, "PX", ttlMs);
  };
  await beat();
  return {
    beat,
    async stop() {
      await redis.del(mine);
      if (owner && (await redis.get(owner)) === self) await redis.del(owner);
    },
  };
}
