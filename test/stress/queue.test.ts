/**
 * `tokensim stress --queue`: the search's runs go to 'tokensim worker's through
 * Redis, which have the scenario but not the search's --out (the wrapper file):
 * the runs name the scenario as given, with the shock in their sets, and the
 * search writes the same files as in this thread.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stressCommand } from "../../cli/commands/stress.ts";
import { redisSuite, withQueueWorkers } from "../helpers/redisSuite.ts";
import { SMALL_STRESS_ARGS } from "./smallSearch.ts";

const suite = redisSuite("tokensim-stress-queue-");

/** The files that do not name --out (study.json and optimize.json record it). */
const FILES = [
  "stress.json",
  "stress-points.arrow",
  "history.arrow",
  "breaking-run.arrow",
  "baseline-run.arrow",
  "generations/g0000.json",
  "generations/final.json",
];
const bytes = (out: string) =>
  Object.fromEntries(FILES.map((f) => [f, readFileSync(join(out, f)).toString("base64")]));

describe("tokensim stress --queue", () => {
  it("writes the in-thread search's files with its runs on two queue workers", async () => {
    const local = join(suite.root, "local");
    const run = (out: string, ...more: string[]) =>
      stressCommand.run([...SMALL_STRESS_ARGS, "--out", out, "--quiet", ...more]);
    expect(await run(local, "--workers", "0")).toBe(0);
    const result = JSON.parse(readFileSync(join(local, "stress.json"), "utf8"));
    // the search found a spiral, so the leg runs and the trajectories went through the executor
    expect(result.breakingPoint).not.toBeNull();
    expect(result.runs.legs).toBeGreaterThan(0);
    const queueName = "stress-same-bytes";
    await withQueueWorkers(suite.url, queueName, 2, async () => {
      const queued = join(suite.root, "queued");
      expect(await run(queued, "--queue", suite.url, "--queue-name", queueName)).toBe(0);
      expect(bytes(queued)).toEqual(bytes(local));
    });
  }, 600_000);
});
