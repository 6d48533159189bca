import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rareCommand } from "../../cli/commands/rare.ts";
import { redisSuite, withQueueWorkers } from "../helpers/redisSuite.ts";
import { poolArgs } from "./poolSetting.ts";

const suite = redisSuite("tokensim-rare-queue-");

const bytes = (out: string) => ({
  json: readFileSync(join(out, "rare.json"), "utf8"),
  arrow: readFileSync(join(out, "rare.arrow")).toString("base64"),
});

describe("tokensim rare --queue", () => {
  it("gives the in-thread bytes with the replicas on two queue workers", async () => {
    const local = join(suite.root, "local");
    expect(await rareCommand.run([...poolArgs(local), "--workers", "0"])).toBe(0);
    const queueName = "rare-same-bytes";
    await withQueueWorkers(suite.url, queueName, 2, async () => {
      const queued = join(suite.root, "queued");
      const args = [...poolArgs(queued), "--queue", suite.url, "--queue-name", queueName];
      expect(await rareCommand.run([...args, "--chunk", "1"])).toBe(0);
      expect(bytes(queued)).toEqual(bytes(local));
    });
  }, 480_000);
});
