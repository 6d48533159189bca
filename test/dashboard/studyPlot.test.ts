/**
 * `tokensim plot` of optimize and stress folders: the same charts as the
 * dashboard's study page, as golden SVGs (real, small study outputs), with the
 * finalists' and minimal shocks' tables in index.html.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli } from "../cli/inProcess.ts";
import { STUDIES, writeStressCompare, writeStressWithTrajectories } from "./studyFixtures.ts";

const GOLDEN = join(import.meta.dirname, "../golden/plot-analysis");

/** The study folders drawn, and the golden folder of each. */
const CASES = {
  "opt-single": "optimize-single",
  "opt-pareto": "optimize-pareto",
  stress: "stress",
  "stress-traj": "stress-trajectories",
  "stress-compare": "stress-compare",
} as const;

/** The contents of the mark groups labelled `label` (Plot's `aria-label`). */
const groups = (svg: string, label: string) =>
  [...svg.matchAll(new RegExp(`<g[^>]*aria-label="${label}"[^>]*>(.*?)</g>`, "gs"))].map(
    (m) => m[1]!,
  );

describe("tokensim plot of optimize and stress folders", () => {
  let root: string;
  const read = (d: string, f: string) => readFileSync(join(root, `${d}-report`, f), "utf8");
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "tokensim-plot-studies-"));
    for (const d of ["opt-single", "opt-pareto", "stress"])
      cpSync(join(STUDIES, d), join(root, d), { recursive: true });
    writeStressCompare(join(root, "stress-compare"));
    writeStressWithTrajectories(join(root, "stress-traj"));
    for (const d of Object.keys(CASES)) {
      const r = await cli("plot", join(root, d), "--out", join(root, `${d}-report`));
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
    }
  }, 120_000);

  it("draws the same SVGs as the golden files", async () => {
    const expected: Record<string, string[]> = {
      "opt-single": ["convergence-objective1.svg"],
      "opt-pareto": [
        "convergence-objective1.svg",
        "convergence-objective2.svg",
        "pareto-front.svg",
      ],
      stress: ["frontier.svg"],
      "stress-traj": [
        "frontier.svg",
        "trajectory-priceUsd.svg",
        "trajectory-providersActive.svg",
        "trajectory-spiralActive.svg",
      ],
      "stress-compare": ["frontier-burnPegged.svg", "frontier-fixed.svg"],
    };
    for (const [d, golden] of Object.entries(CASES)) {
      const svgs = readdirSync(join(root, `${d}-report`))
        .filter((f) => f.endsWith(".svg"))
        .sort();
      expect(svgs, d).toEqual(expected[d]);
      for (const f of svgs) {
        await expect(read(d, f)).toMatchFileSnapshot(join(GOLDEN, golden, f));
        expect(existsSync(join(root, `${d}-report`, f.replace(/svg$/, "png")))).toBe(true);
      }
    }
  });

  it("convergence: the candidates, the best-so-far step line and the chosen finalist's fresh estimate", () => {
    const svg = read("opt-single", "convergence-objective1.svg");
    expect(svg).toContain("Convergence: median(priceEndUsd)");
    expect(svg).toContain("maximised · cma-es · 5 generations · 20 candidates");
    // 20 candidates, then the best of each generation with a feasible candidate (all 5)
    const dots = groups(svg, "dot");
    expect(dots[0]!.match(/<circle/g)).toHaveLength(20);
    expect(dots[1]!.match(/<circle/g)).toHaveLength(5);
    expect(groups(svg, "line")[0]).toMatch(/<path[^>]*d="M/);
    // the chosen label keeps its digits (only the markup's numbers are rounded)
    const chosen = JSON.parse(readFileSync(join(STUDIES, "opt-single/optimize.json"), "utf8"))
      .recommended.objectives[0].estimate as number;
    expect(svg).toContain(`chosen: ${chosen.toPrecision(4)}`);
    // tick labels are distinct: no "1, 1, 1" from rounding
    const ticks = [...groups(svg, "y-axis tick label")[0]!.matchAll(/>([^<]+)</g)].map((m) => m[1]);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it("Pareto front: finalists with both intervals, the front line and the chosen point ringed", () => {
    const svg = read("opt-pareto", "pareto-front.svg");
    expect(svg).toContain("Pareto front");
    expect(svg).toContain("x higher is better, y lower is better");
    const dots = groups(svg, "dot");
    expect(dots[1]!.match(/<circle/g)).toHaveLength(2); // the two finalists
    expect(dots[2]!.match(/<circle/g)).toHaveLength(1); // the chosen ring
    expect(svg).toContain(">chosen<");
    // one filled (on the front), one hollow (dominated on the fresh runs)
    expect(dots[1]!.match(/fill="white"/g)).toHaveLength(1);
    expect(groups(svg, "rule").join("").match(/<line/g)).toHaveLength(4);
  });

  it("stress frontier: the searched shocks, the frontier with Wilson whiskers, p and the breaking point", () => {
    const svg = read("stress", "frontier.svg");
    expect(svg).toContain("Stress frontier");
    expect(svg).toContain("shock cost (USD)");
    expect(svg).toContain("P(death spiral)");
    expect(svg).toContain(">p = 0.5<");
    expect(svg).toContain(">breaking point: 12.92M USD<");
    expect(svg).toContain('fill="#d62728"');
    // the frontier's whiskers and the minimal shocks' (2 of each)
    const whiskers = groups(svg, "rule").find(
      (g) => g.includes("<line") && !g.includes("dasharray"),
    );
    expect(whiskers).toBeDefined();
  });

  it("trajectories: the breaking point's run in red next to the baseline's in blue, by day", () => {
    const svg = read("stress-traj", "trajectory-priceUsd.svg");
    expect(svg).toContain("Trajectory: Token price");
    expect(svg).toContain("run 2 (seed 1234)");
    const lines = groups(svg, "line");
    expect(lines).toHaveLength(2);
    const strokes = [...svg.matchAll(/<g[^>]*stroke="(#[0-9a-f]+)"[^>]*aria-label="line"/g)];
    expect(strokes.map((m) => m[1])).toEqual(["#4e79a7", "#d62728"]);
    // 48 vertices each: a move and 47 line segments
    for (const l of lines) expect(l.match(/L/g)).toHaveLength(47);
  });

  it("index.html: the finalists' and minimal shocks' tables, the marked row, and why there are no trajectories", () => {
    const opt = read("opt-single", "index.html");
    expect(opt).toContain("<caption>Best parameters (re-evaluated on fresh seeds)</caption>");
    expect(opt).toMatch(/<tr class="marked"><td>chosen<\/td>/);
    expect(opt).toContain('src="convergence-objective1.svg"');
    const pareto = read("opt-pareto", "index.html");
    expect(pareto).toContain("NSGA-II recommends no single point");
    const stress = read("stress", "index.html");
    expect(stress).toContain("<caption>Minimal shocks (fresh seeds)</caption>");
    expect(stress).toMatch(/<tr class="marked"><td>breaking point<\/td>/);
    expect(stress).toContain("No trajectories: this stress output holds no per-step files");
    const traj = read("stress-traj", "index.html");
    expect(traj).not.toContain("No trajectories");
    expect(traj).toContain('src="trajectory-priceUsd.svg"');
    const compare = read("stress-compare", "index.html");
    expect(compare).toContain("<h2>emission.policy=fixed</h2>");
    expect(compare).toContain("<h2>emission.policy=burnPegged</h2>");
  });

  it("a study that has not written its result: index.html says so, and stderr", async () => {
    const dir = join(root, "running");
    mkdirSync(dir);
    cpSync(join(STUDIES, "opt-single/study.json"), join(dir, "study.json"));
    const r = await cli("plot", dir, "--out", join(root, "running-report"), "--no-png");
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/holds nothing to chart yet/);
    expect(read("running", "index.html")).toContain("optimize.json is not written yet");
    const none = await cli("plot", join(root, "nothing-here"));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/not a result folder/);
  });
});
