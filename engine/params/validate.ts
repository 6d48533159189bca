import { ParameterError } from "../errors.ts";
import type { NetworkParams } from "./network.ts";

/**
 * Checks what the schema cannot: relations between parameters. Throws a
 * ParameterError listing each problem.
 */
export function validateNetwork(p: NetworkParams): void {
  const problems: string[] = [];
  const regions = Object.keys(p.regions);
  const classes = Object.keys(p.hardware);
  if (classes.length === 0 || classes.length > 255)
    problems.push("hardware: need 1 to 255 hardware classes");
  if (regions.length === 0 || regions.length > 255) problems.push("regions: need 1 to 255 regions");
  if (p.providers.initial > p.providers.maxTotal) {
    problems.push(
      `providers.initial=${p.providers.initial} exceeds providers.maxTotal=${p.providers.maxTotal}`,
    );
  }
  if (p.providers.cheaterShare + p.providers.teeShare > 1) {
    problems.push("providers.cheaterShare + providers.teeShare must be <= 1");
  }
  for (const c of classes) {
    const hw = p.hardware[c]!;
    if (hw.idleW > hw.loadW)
      problems.push(`hardware.${c}.idleW=${hw.idleW} exceeds hardware.${c}.loadW=${hw.loadW}`);
  }
  const sh = p.shocks;
  if (sh.powerRegion >= regions.length)
    problems.push(
      `shocks.powerRegion=${sh.powerRegion}: expected a region index from 0 to ${regions.length - 1} (${regions.map((r, i) => `${i}=${r}`).join(", ")})`,
    );
  if (sh.hardwareGenClass >= classes.length)
    problems.push(
      `shocks.hardwareGenClass=${sh.hardwareGenClass}: expected a class index from 0 to ${classes.length - 1} (${classes.map((c, i) => `${i}=${c}`).join(", ")})`,
    );
  if (classes.every((c) => p.hardware[c]!.share <= 0))
    problems.push("hardware.*.share: at least one must be > 0");
  if (regions.every((r) => p.regions[r]!.providerShare <= 0))
    problems.push("regions.*.providerShare: at least one must be > 0");
  if (regions.every((r) => p.regions[r]!.demandShare <= 0))
    problems.push("regions.*.demandShare: at least one must be > 0");
  for (const r of regions) {
    for (const to of regions) {
      if (p.regions[r]!.latencyMs[to] === undefined)
        problems.push(`regions.${r}.latencyMs.${to} is missing`);
    }
  }
  if (p.emission.floorTokensPerEpoch > p.emission.capTokensPerEpoch) {
    problems.push("emission.floorTokensPerEpoch must be <= emission.capTokensPerEpoch");
  }
  if (p.pricing.protocolFeeShare + p.pricing.providerFiatShare > 1) {
    problems.push("pricing.protocolFeeShare + pricing.providerFiatShare must be <= 1");
  }
  if (problems.length > 0)
    throw new ParameterError(`invalid parameters:\n  ${problems.join("\n  ")}`);
}
