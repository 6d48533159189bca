import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/inProcess.ts";

const TINY = [
  "--steps",
  "24",
  "--set",
  "providers.initial=30",
  "--set",
  "providers.maxTotal=60",
  "--workers",
  "0",
  "--quiet",
];

describe("tokensim optimize (CLI)", () => {
  it("prints its help", async () => {
    const r = await cli("optimize", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: tokensim optimize <scenario> --range/);
    expect(r.stdout).toMatch(/--budget <runs>/);
  });

  it("rejects a bad spec with one line and exit code 2", async () => {
    const bad = await cli(
      "optimize",
      "baseline",
      "--range",
      "emission.tokensPerEpoch=1:2",
      "--objective",
      "mean(priceEndUsd)",
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
    expect(bad.stderr).toMatch(
      /tokensim optimize: --objective "mean\(priceEndUsd\)": expected min:<statistic>/,
    );
    const unknown = await cli(
      "optimize",
      "baseline",
      "--range",
      "emission.tokensPerEpoch=1:2",
      "--objective",
      "min:mean(nope)",
    );
    expect(unknown.stderr).toMatch(/unknown metric 'nope'/);
    const range = await cli(
      "optimize",
      "baseline",
      "--range",
      "emission.tokensPerEpochs=1:2",
      "--objective",
      "min:mean(priceEndUsd)",
    );
    expect(range.stderr).toMatch(
      /--range emission.tokensPerEpochs: no such parameter in baseline. Closest: emission.tokensPerEpoch/,
    );
  });

  it("optimises a checks outcome that reads per-step columns, and prints optimize.json with --json", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "tokensim-optimize-cli-")), "study");
    const args = [
      "optimize",
      "power-price-shock",
      "--range",
      "emission.tokensPerEpoch=10000:60000",
      "--objective",
      "min:mean(providerRecoveryDays)",
      "--budget",
      "8",
      "--runs",
      "2",
      "--final-runs",
      "2",
      "--out",
      out,
      "--json",
      ...TINY,
    ];
    const r = await cli(...args);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.settings).toMatchObject({
      scenario: "power-price-shock",
      algorithm: "cma-es",
      budget: 8,
    });
    expect(json.recommended.objectives[0].spec).toBe("min:mean(providerRecoveryDays)");
    expect(json.generations).toBe(1);

    // The folder holds a study: without --resume it is refused; with it, the recorded
    // generations are replayed and the result is the same.
    const again = await cli(...args);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds a study; pass --resume/);
    const resumed = await cli(...args, "--resume");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toBe(r.stdout);
  }, 120_000);
});
