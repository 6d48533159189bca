import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rareCommand } from "../../cli/commands/rare.ts";
import { type RedisServer, startRedis } from "../../scripts/redisServer.ts";
import { startQueueWorker } from "../../workers/queue/consumer.ts";
import { poolArgs } from "./poolSetting.ts";

const root = mkdtempSync(join(tmpdir(), "tokensim-rare-queue-"));
let redis: RedisServer;

beforeAll(async () => {
  redis = await startRedis();
}, 60_000);
afterAll(async () => {
  await redis?.stop();
  rmSync(root, { recursive: true, force: true });
}, 60_000);

const bytes = (out: string) => ({
  json: readFileSync(join(out, "rare.json"), "utf8"),
  arrow: readFileSync(join(out, "rare.arrow")).toString("base64"),
});

describe("tokensim rare --queue", () => {
  it("gives the in-thread bytes with the replicas on two queue workers", async () => {
    const local = join(root, "local");
    expect(await rareCommand.run([...poolArgs(local), "--workers", "0"])).toBe(0);
    const queueName = "rare-same-bytes";
    const workers = await Promise.all(
      [1, 2].map(() => startQueueWorker({ url: redis.url, queueName, threads: 1 })),
    );
    try {
      const queued = join(root, "queued");
      const args = [...poolArgs(queued), "--queue", redis.url, "--queue-name", queueName];
      expect(await rareCommand.run([...args, "--chunk", "1"])).toBe(0);
      expect(bytes(queued)).toEqual(bytes(local));
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 480_000);
});
