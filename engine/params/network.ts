import { type Static, Type } from "@sinclair/typebox";
import { batchSection } from "./sections/batch.ts";
import { creditsSection } from "./sections/credits.ts";
import { demandSection } from "./sections/demand.ts";
import { economicsSection } from "./sections/economics.ts";
import { emissionSection } from "./sections/emission.ts";
import { governanceSection } from "./sections/governance.ts";
import { type HardwareClassDefaults, hardwareSection } from "./sections/hardware.ts";
import { marketSection } from "./sections/market.ts";
import { pricingSection } from "./sections/pricing.ts";
import { providersSection } from "./sections/providers.ts";
import { type RegionDefaults, regionsSection } from "./sections/regions.ts";
import { shocksSection } from "./sections/shocks.ts";
import { simSection } from "./sections/sim.ts";
import { spiralSection } from "./sections/spiral.ts";
import { stakingSection } from "./sections/staking.ts";
import { treasurySection } from "./sections/treasury.ts";
import { verificationSection } from "./sections/verification.ts";
import { vestingSection } from "./sections/vesting.ts";

export type { HardwareClassDefaults, RegionDefaults };

/**
 * Builds the TypeBox schema of the network model's parameters, with the given
 * scenario defaults. Every leaf has a default, a unit and a range; the schema
 * validates CLI overrides and (later) the dashboard's forms.
 */
export function networkSchema(d: {
  hardware: Record<string, HardwareClassDefaults>;
  regions: Record<string, RegionDefaults>;
}) {
  return Type.Object({
    sim: simSection(),
    providers: providersSection(),
    hardware: hardwareSection(d.hardware),
    regions: regionsSection(d.regions),
    demand: demandSection(),
    batch: batchSection(),
    pricing: pricingSection(),
    credits: creditsSection(),
    emission: emissionSection(),
    verification: verificationSection(),
    staking: stakingSection(),
    market: marketSection(),
    vesting: vestingSection(),
    treasury: treasurySection(),
    governance: governanceSection(),
    shocks: shocksSection(),
    economics: economicsSection(),
    spiral: spiralSection(),
  });
}

/** The parameters of the network model (every leaf documented in {@link networkSchema}). */
export type NetworkParams = Static<ReturnType<typeof networkSchema>> & {
  hardware: Record<string, HardwareClassDefaults>;
  regions: Record<string, RegionDefaults>;
};
