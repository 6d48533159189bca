import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emissionPolicies } from "../../engine/mechanisms/emission.ts";
import { leafParams } from "../../engine/params/overrides.ts";
import { scenario } from "../../scenarios/baseline.ts";

const doc = readFileSync(new URL("../../docs/mechanisms.md", import.meta.url), "utf8");
const GROUPS = [
  "emission.",
  "credits.",
  "pricing.",
  "verification.",
  "shocks.",
  "spiral.",
  "economics.",
];
const EXTRA = [
  "demand.burstMode",
  "demand.hawkesBranching",
  "demand.growthPerYear",
  "demand.priceElasticity",
  "demand.churnSensitivity",
  "demand.returnPerStep",
  "demand.minQuality",
  "demand.sloLatencyMs",
  "market.momentumShare",
  "market.meanReversionShare",
  "market.traderLookbackSteps",
  "market.externalMarket",
  "market.externalVolPerStep",
  "market.arbitrageShare",
];

describe("docs/mechanisms.md", () => {
  it("documents every mechanism parameter with the schema's unit", () => {
    for (const leaf of leafParams(scenario.schema)) {
      if (!GROUPS.some((g) => leaf.path.startsWith(g)) && !EXTRA.includes(leaf.path)) continue;
      const row = doc
        .split("\n")
        .find((l) => l.replace(/\s+/g, " ").startsWith(`| \`${leaf.path}\` |`));
      expect(row, leaf.path).toBeDefined();
      const unit = (leaf.schema as unknown as { unit: string }).unit;
      expect(row?.split("|").map((c) => c.trim())).toContain(unit);
    }
  });

  it("names every registered emission policy", () => {
    for (const name of emissionPolicies.names()) expect(doc).toContain(`\`${name}\``);
  });
});

describe("parameter provenance", () => {
  it("every parameter of every bundled scenario has a source, an assumption, a setting or a scenario note", async () => {
    const { readdirSync } = await import("node:fs");
    const { loadScenario } = await import("../../engine/scenario.ts");
    const { provenanceOf } = await import("../../engine/params/provenance.ts");
    const assumptions = readFileSync(new URL("../../docs/assumptions.md", import.meta.url), "utf8");
    const files = readdirSync(new URL("../../scenarios/", import.meta.url)).filter((f) =>
      f.endsWith(".ts"),
    );
    for (const f of files) {
      const s = await loadScenario(f.replace(/\.ts$/, ""));
      for (const leaf of leafParams(s.schema)) {
        const p = provenanceOf(leaf.path, leaf.schema);
        expect(p, `${f}: ${leaf.path}`).toBeDefined();
        // Every assumption is listed, with its reason, in docs/assumptions.md.
        if (p!.kind === "assumption") expect(assumptions).toContain(`\`${leaf.path}\``);
      }
    }
  }, 60_000);
});
