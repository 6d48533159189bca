import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { type RedisServer, startRedis } from "../../scripts/redisServer.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";

/** What {@link redisSuite} gives a file of queue tests. */
export interface RedisSuite {
  /** A temporary folder of the file's own. */
  readonly root: string;
  /** The URL of the file's redis-server (set once the `beforeAll` hook has run). */
  readonly url: string;
}

/**
 * The set-up of a file of queue tests: a temporary folder and a redis-server of
 * its own (`scripts/ensure-redis.sh` installs one), started before the file's
 * tests and stopped and removed after them.
 */
export function redisSuite(prefix: string): RedisSuite {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let redis: RedisServer | undefined;
  beforeAll(async () => {
    redis = await startRedis();
  }, 180_000);
  afterAll(async () => {
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);
  return {
    root,
    get url() {
      if (!redis) throw new Error("redisSuite: the redis-server is not started yet");
      return redis.url;
    },
  };
}

/**
 * Runs `body` while `count` queue workers (one thread each) consume the queue
 * `queueName` on `url`, and closes them after it, whatever happens.
 */
export async function withQueueWorkers<T>(
  url: string,
  queueName: string,
  count: number,
  body: () => Promise<T>,
): Promise<T> {
  const workers = await Promise.all(
    Array.from({ length: count }, () => startQueueWorker({ url, queueName, threads: 1 })),
  );
  try {
    return await body();
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}
