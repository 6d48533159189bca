import { Redis } from "ioredis";
import { checkRedisUrl } from "./protocol.ts";

const lastErrors = new WeakMap<Redis, Error>();

/**
 * A Redis connection as BullMQ wants it (no per-request retry limit: workers block).
 * ioredis reconnects on its own; its connection errors are kept (see `ensureReachable`)
 * rather than printed as "Unhandled error event" traces.
 */
export function redisConnection(url: string): Redis {
  const redis = new Redis(checkRedisUrl(url), { maxRetriesPerRequest: null, lazyConnect: false });
  redis.on("error", (err: Error) => lastErrors.set(redis, err));
  return redis;
}

/** Resolves when Redis answers a PING, rejects with a clear message after `ms`. */
export async function ensureReachable(redis: Redis, url: string, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const last = lastErrors.get(redis);
      reject(
        new Error(
          `no answer from Redis at ${url} within ${ms} ms${last ? ` (last error: ${last.message})` : ""}`,
        ),
      );
    }, ms);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
