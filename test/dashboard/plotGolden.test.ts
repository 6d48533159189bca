import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import { writeSyntheticSweep } from "./syntheticResult.ts";

const GOLDEN = join(import.meta.dirname, "../golden/plot");

describe("tokensim plot", () => {
  let out: string;
  beforeAll(async () => {
    const root = mkdtempSync(join(tmpdir(), "tokensim-plot-"));
    writeSyntheticSweep(join(root, "synthetic"));
    out = join(root, "report");
    expect(await main(["plot", join(root, "synthetic"), "--out", out])).toBe(0);
  });

  it("draws the same SVGs as the golden files (numbers rounded to 2 decimals)", async () => {
    const svgs = readdirSync(out)
      .filter((f) => f.endsWith(".svg"))
      .sort();
    // 3 heatmaps (P(death spiral), median final price, median provider profit), then
    // 11 time-series charts for each of the 2 points
    expect(svgs).toHaveLength(3 + 2 * 11);
    for (const f of svgs)
      await expect(readFileSync(join(out, f), "utf8")).toMatchFileSnapshot(join(GOLDEN, f));
    await expect(readFileSync(join(out, "index.html"), "utf8")).toMatchFileSnapshot(
      join(GOLDEN, "index.html"),
    );
  });

  it("draws the data: fan bands, median lines, spiral shading and heatmap cells", () => {
    const price = readFileSync(join(out, "p0001-price.svg"), "utf8");
    expect(
      price.startsWith('<svg xmlns="http://www.w3.org/2000/svg"') ||
        price.includes('xmlns="http://www.w3.org/2000/svg"'),
    ).toBe(true);
    expect(price).toContain("Token price");
    // two bands (p5–p95, p25–p75) and the median line
    expect(price.match(/aria-label="area"/g)).toHaveLength(2);
    expect(price.match(/aria-label="line"/g)).toHaveLength(1);
    // the spiralling run's span (days 1 to 1.5) and the label
    expect(price).toContain("death spiral");
    expect(price).toContain('fill="#d62728"');
    expect(readFileSync(join(out, "p0000-price.svg"), "utf8")).not.toContain("death spiral ▸");
    const heat = readFileSync(join(out, "heatmap-pDeathSpiral.svg"), "utf8");
    expect(heat).toContain(">33%<");
    expect(heat).toContain(">0%<");
    // point 0: runs end at 0.25, 0.35, 0.45 USD/h; point 1: 0.5, 0.6 and the spiralling run's −0.5
    const profit = readFileSync(join(out, "heatmap-providerProfitEndUsdPerHour_p50.svg"), "utf8");
    expect(profit).toContain(">0.35<");
    expect(profit).toContain(">0.5<");
    const status = readFileSync(join(out, "p0001-providers-status.svg"), "utf8");
    // active, onboarding, exiting, jailed: a median line and a p25–p75 band each
    expect(status.match(/aria-label="line"/g)).toHaveLength(4);
    expect(status.match(/aria-label="area"/g)).toHaveLength(4);
    for (const label of ["active", "onboarding", "exiting", "jailed"])
      expect(status).toContain(`>${label}<`);
  });

  it("writes PNGs of each chart", () => {
    const png = readFileSync(join(out, "p0001-price.png"));
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR width and height at twice the SVG's 640 × 260
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBe(520);
  });

  it("refuses a folder that is not a result", async () => {
    expect(await main(["plot", tmpdir(), "--out", join(tmpdir(), "x")])).toBe(2);
  });
});
