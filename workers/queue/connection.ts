import { Redis } from "ioredis";
import { checkRedisUrl } from "./protocol.ts";

/** A Redis connection as BullMQ wants it (no per-request retry limit: workers block). */
export function redisConnection(url: string): Redis {
  return new Redis(checkRedisUrl(url), { maxRetriesPerRequest: null, lazyConnect: false });
}

/** Resolves when Redis answers a PING, rejects with a clear message after `ms`. */
export async function ensureReachable(redis: Redis, url: string, ms = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from Redis at ${url} within ${ms} ms`)),
      ms,
    );
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
