import { describe, expect, it } from "vitest";
import { ParameterError } from "../../engine/errors.ts";
import { resolveStudy } from "../../engine/networks/resolve.ts";
import { DEFAULT_OWNER_RULES, defineNetworks } from "../../engine/networks/spec.ts";
import { scenario as baseline } from "../../scenarios/baseline.ts";
import { networks as renderVsAkash } from "../../scenarios/networks/render-vs-akash.ts";
import { smallBaseline, twinStudy } from "./fixtures.ts";

const outsideOption = {
  usdPerGpuHour: { rtx3090: 0.22, rtx4090: 0.34, a100: 1.19, h100: 1.99 },
  hostShare: 0.75,
  utilisation: 0.5,
};

describe("multi-network studies: overrides and bad input", () => {
  it("routes --set to a network, the owners and the outside option, and forces entry off", () => {
    const s = twinStudy(10, 100, 100, [
      "a.emission.tokensPerEpoch=1000",
      "owners.switchCostUsd=80",
      "outside.usdPerGpuHour.h100=3",
      "outside.hostShare=0.6",
    ]);
    expect(s.networks[0]!.params.emission.tokensPerEpoch).toBe(1000);
    expect(s.networks[1]!.params.emission.tokensPerEpoch).toBe(920);
    expect(s.owners.switchCostUsd).toBe(80);
    expect(s.outside.usdPerGpuHour.h100).toBe(3);
    expect(s.outside.hostShare).toBe(0.6);
    for (const n of s.networks) {
      expect(n.params.economics.entryMaxPerEpoch).toBe(0);
      expect(n.params.providers.maxTotal).toBeGreaterThanOrEqual(400);
    }
    expect(s.decisionEverySteps).toBe(24);
    // Rules the study leaves out take the stated defaults.
    expect(s.owners.returnWindowDecisions).toBe(DEFAULT_OWNER_RULES.returnWindowDecisions);
    expect(s.owners.outsideInitial).toBe(DEFAULT_OWNER_RULES.outsideInitial);
  });

  it("refuses bad input with a message naming the problem", () => {
    const bad: [string[], RegExp][] = [
      [["c.emission.tokensPerEpoch=1"], /networks: a, b/],
      [["owners.reviewShare=2"], /owners.reviewShare: expected a number in \[0, 1\]/],
      [["owners.nope=1"], /owners.nope: unknown owner rule/],
      [["outside.usdPerGpuHour.tpu=1"], /no hardware class "tpu"/],
      [["a.economics.entryMaxPerEpoch=5"], /entry is the owners' decision/],
      [["a.sim.steps=100"], /lock-step/],
      [["a.emission.tokensPerEpoch=abc"], /network a: /],
      [["novalue"], /expected key=value/],
    ];
    for (const [sets, message] of bad) {
      expect(() => twinStudy(10, 100, 100, sets)).toThrow(ParameterError);
      expect(() => twinStudy(10, 100, 100, sets)).toThrow(message);
    }
    expect(() =>
      defineNetworks({ name: "one", networks: { a: { scenario: baseline } }, outsideOption }),
    ).toThrow(/at least two networks/);
    expect(() =>
      defineNetworks({
        name: "x",
        networks: { owners: { scenario: baseline }, b: { scenario: baseline } },
        outsideOption,
      }),
    ).toThrow(/not "owners" or "outside"/);
    const noPrice = defineNetworks({
      name: "x",
      networks: {
        a: { scenario: baseline, sets: smallBaseline(5) },
        b: { scenario: baseline, sets: smallBaseline(5) },
      },
      outsideOption: { ...outsideOption, usdPerGpuHour: { rtx3090: 0.2 } },
    });
    expect(() => resolveStudy(noPrice)).toThrow(/outside.usdPerGpuHour.rtx4090/);
  });

  it("resolves the bundled render-vs-akash study: the day-60 halving is scheduled", () => {
    const s = resolveStudy(renderVsAkash);
    expect(s.networks.map((n) => n.name)).toEqual(["render", "akash"]);
    const g = s.networks[0]!.params.governance;
    expect(g.enabled).toBe(true);
    expect(g.change1.step).toBe(60 * 24);
    expect(g.change1.value).toBeCloseTo(s.networks[0]!.params.emission.tokensPerEpoch / 2, 9);
  });
});
