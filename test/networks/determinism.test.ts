import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { competeToFiles } from "../../engine/networks/output.ts";
import { twinStudy } from "./fixtures.ts";

const root = mkdtempSync(join(tmpdir(), "tokensim-compete-"));
afterAll(() => rmSync(root, { recursive: true, force: true }), 60_000);

const FILES = [
  "networks.arrow",
  "networks.json",
  "a/steps.arrow",
  "a/summary.json",
  "b/steps.arrow",
  "b/summary.json",
];

async function run(dir: string, seed: number): Promise<Buffer[]> {
  await competeToFiles(twinStudy(20, 120, 80), join(root, dir), { seed });
  return FILES.map((f) => readFileSync(join(root, dir, f)));
}

describe("tokensim compete outputs", () => {
  it("are the same bytes for the same seed, and differ for another", async () => {
    const first = await run("one", 4);
    const again = await run("two", 4);
    FILES.forEach((f, k) => {
      expect(again[k]!.equals(first[k]!), f).toBe(true);
    });
    const other = await run("three", 5);
    expect(other[0]!.equals(first[0]!)).toBe(false);
    const record = JSON.parse(first[1]!.toString("utf8"));
    expect(record.status).toBe("ok");
    expect(record.networks.map((n: { ownersStart: number }) => n.ownersStart)).toEqual([120, 80]);
    expect(record.owners.total).toBe(200);
  });
});
