import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rareCommand } from "../../cli/commands/rare.ts";
import { runRare } from "../../engine/rare/scenarioRare.ts";
import { inThreadRunExecutor } from "../../engine/sweep/inThread.ts";
import { POOL_REQUEST, poolArgs } from "./poolSetting.ts";

const dir = mkdtempSync(join(tmpdir(), "tokensim-rare-workers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }), 30_000);

const bytes = (out: string) => ({
  json: readFileSync(join(out, "rare.json"), "utf8"),
  arrow: readFileSync(join(out, "rare.arrow")).toString("base64"),
});

describe("tokensim rare on worker threads", () => {
  it("gives the replicas' executor path the in-thread estimate", async () => {
    const direct = await runRare(POOL_REQUEST);
    const tasks = await runRare(POOL_REQUEST, inThreadRunExecutor);
    expect(tasks).toEqual(direct);
    // the setting is not trivial: some particles were killed and re-branched
    expect(direct.iterations.length).toBeGreaterThan(0);
    expect(direct.result.estimate).toBeGreaterThan(0);
    expect(direct.result.estimate).toBeLessThan(1);
  }, 240_000);

  it("writes the same rare.json and rare.arrow with 0, 1 and 2 workers", async () => {
    const outs: string[] = [];
    for (const workers of ["0", "1", "2"]) {
      const out = join(dir, `w${workers}`);
      expect(await rareCommand.run([...poolArgs(out), "--workers", workers])).toBe(0);
      outs.push(out);
    }
    const [zero, ...others] = outs.map(bytes);
    for (const o of others) expect(o).toEqual(zero);
    expect(JSON.parse(zero!.json).replicas).toBe(POOL_REQUEST.replicas);
  }, 480_000);
});
