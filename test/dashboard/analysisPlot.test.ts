import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/inProcess.ts";
import {
  ANALYSIS_PARAMS,
  writeSyntheticMorris,
  writeSyntheticSaltelli,
} from "./syntheticAnalysis.ts";

const GOLDEN = join(import.meta.dirname, "../golden/plot-analysis");

/** The values of every numeric attribute `name` in an SVG fragment. */
const attrs = (svg: string, name: string) =>
  [...svg.matchAll(new RegExp(`\\b${name}="(-?[\\d.]+)"`, "g"))].map((m) => Number(m[1]));

/** The contents of the mark group labelled `label` (Plot's `aria-label`), in order. */
const groups = (svg: string, label: string) =>
  [...svg.matchAll(new RegExp(`<g[^>]*aria-label="${label}"[^>]*>(.*?)</g>`, "gs"))].map(
    (m) => m[1]!,
  );

describe("tokensim plot of a sweep's analysis.json", () => {
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "tokensim-plot-analysis-"));
    writeSyntheticSaltelli(join(root, "saltelli"));
    writeSyntheticMorris(join(root, "morris"));
    for (const d of ["saltelli", "morris"]) {
      const r = await cli(
        "plot",
        join(root, d),
        "--out",
        join(root, `${d}-report`),
        "--max-points",
        "1",
      );
      expect(r.code, r.stderr).toBe(0);
    }
  }, 60_000);

  const read = (d: string, f: string) => readFileSync(join(root, `${d}-report`, f), "utf8");

  it("draws the same SVGs as the golden files", async () => {
    for (const d of ["saltelli", "morris"]) {
      const svgs = readdirSync(join(root, `${d}-report`)).filter(
        (f) => f.endsWith(".svg") && !/^p\d{4}-/.test(f),
      );
      expect(svgs.sort()).toEqual(
        d === "saltelli"
          ? ["rules-region.svg", "sobol-pSpiral.svg", "sobol-priceEndUsd.svg"]
          : ["morris-pSpiral.svg"],
      );
      for (const f of svgs) await expect(read(d, f)).toMatchFileSnapshot(join(GOLDEN, d, f));
    }
  });

  it("Sobol bars: ST and S1 for every parameter, sorted by ST, whiskers clamped to [0, 1]", () => {
    const svg = read("saltelli", "sobol-pSpiral.svg");
    expect(svg).toContain("Sobol indices: P(death spiral)");
    // the convergence warning, as the header's note
    expect(svg).toContain("N=4 too small");
    // parameters with their units, largest ST first
    const order = ANALYSIS_PARAMS.map((p) => svg.indexOf(`>${p} (`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order[0]).toBeLessThan(order[1]!);
    expect(order[1]).toBeLessThan(order[2]!);
    expect(svg).toContain("verification.sampleRate (fraction)");
    expect(svg).toContain("emission.tokensPerEpoch (tokens per epoch)");
    // two bar marks (ST, S1), three bars each
    const bars = groups(svg, "bar");
    expect(bars).toHaveLength(2);
    for (const b of bars) expect(b.match(/<rect/g)).toHaveLength(3);
    // whiskers: a rule per bar, within the frame's [0, 1] (x of 0 and of 1 from the ticks)
    const rules = groups(svg, "rule").slice(0, 2).join("");
    expect(rules.match(/<line/g)).toHaveLength(6);
    const frame = groups(svg, "x-axis tick")[0]!;
    const ticks = [...frame.matchAll(/translate\((-?[\d.]+)/g)].map((m) => Number(m[1]));
    expect(ticks).toHaveLength(6); // 0, 0.2, ..., 1
    const [x0, x1] = [Math.min(...ticks), Math.max(...ticks)];
    for (const x of [...attrs(rules, "x1"), ...attrs(rules, "x2")]) {
      expect(x).toBeGreaterThanOrEqual(x0 - 0.01);
      expect(x).toBeLessThanOrEqual(x1 + 0.01);
    }
    // the converged outcome has no note
    expect(read("saltelli", "sobol-priceEndUsd.svg")).not.toContain("too small");
  });

  it("Morris plane: a labelled dot per parameter with its mu* whisker", () => {
    const svg = read("morris", "morris-pSpiral.svg");
    expect(svg).toContain("Morris screening: P(death spiral)");
    expect(groups(svg, "dot")[0]!.match(/<circle/g)).toHaveLength(3);
    for (const p of ANALYSIS_PARAMS) expect(svg).toContain(`>${p}<`);
    expect(svg).toContain("mu*: mean |elementary effect| (share of runs per unit range)");
    expect(svg).toContain("sigma: std. dev. of effects");
  });

  it("region map: points by label and the keeps rule's box", () => {
    const svg = read("saltelli", "rules-region.svg");
    expect(svg).toContain("Which settings pass");
    expect(svg).toContain("verification.sampleRate (fraction)");
    expect(svg).toContain("verification.slashFraction (fraction)");
    expect(svg).toContain("keeps: verification.sampleRate &gt;= 0.05");
    expect(groups(svg, "dot")[0]!.match(/<circle/g)).toHaveLength(20);
    expect(groups(svg, "rect").join("").match(/<rect/g)).toHaveLength(1);
    for (const c of ["#59a14f", "#f28e2b", "#9a9a9a"]) expect(svg).toContain(c);
  });

  it("adds a Sensitivity analysis section to index.html, before the points", () => {
    const html = read("saltelli", "index.html");
    expect(html).toContain("<h2>Sensitivity analysis</h2>");
    for (const f of ["sobol-pSpiral", "sobol-priceEndUsd", "rules-region"])
      expect(html).toContain(`src="${f}.svg"`);
    expect(html.indexOf("Sensitivity analysis")).toBeLessThan(html.indexOf("<h2>point 0"));
    expect(existsSync(join(root, "saltelli-report", "sobol-pSpiral.png"))).toBe(true);
  });
});

describe("tokensim plot after a real saltelli sweep and analyze", () => {
  const out = mkdtempSync(join(tmpdir(), "tokensim-plot-gsa-"));
  const sweep = join(out, "gsa");
  beforeAll(async () => {
    const s = await cli(
      "sweep",
      "baseline",
      "--design",
      "saltelli",
      "--samples",
      "8",
      "--range",
      "verification.sampleRate=0.01:0.2",
      "--range",
      "verification.slashFraction=0.1:0.9",
      "--steps",
      "48",
      "--set",
      "providers.initial=30",
      "--runs",
      "1",
      "--no-steps",
      "--workers",
      "0",
      "--quiet",
      "--out",
      sweep,
    );
    expect(s.code, s.stderr).toBe(0);
    const a = await cli("analyze", sweep, "--bootstrap", "50");
    expect(a.code, a.stderr).toBe(0);
    const p = await cli("plot", sweep, "--out", join(out, "report"), "--max-points", "1");
    expect(p.code, p.stderr).toBe(0);
  }, 240_000);

  it("writes Sobol bars naming both parameters", () => {
    const svgs = readdirSync(join(out, "report")).filter((f) => f.startsWith("sobol-"));
    expect(svgs.length).toBeGreaterThan(0);
    for (const f of svgs.filter((f) => f.endsWith(".svg"))) {
      const svg = readFileSync(join(out, "report", f), "utf8");
      expect(svg).toContain("verification.sampleRate");
      expect(svg).toContain("verification.slashFraction");
    }
    expect(readFileSync(join(out, "report", "index.html"), "utf8")).toContain(
      "Sensitivity analysis",
    );
  });
});
