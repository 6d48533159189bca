import { type Static, type TObject, type TProperties, Type } from "@sinclair/typebox";
import type { ExitLearningParams } from "../mechanisms/agents/exitLearningSection.ts";
import type { LearningTraderParams } from "../mechanisms/agents/learningTraders.ts";
import type { RingParams } from "../mechanisms/agents/ringsSection.ts";
import { BUILTIN_MECHANISMS } from "../mechanisms/builtins.ts";
import type { NetworkDefaults } from "../mechanisms/mechanism.ts";
import type { OracleParams } from "../mechanisms/oracle.ts";
import type { SubsidyParams } from "../mechanisms/subsidies.ts";
import type { batchSection } from "./sections/batch.ts";
import type { creditsSection } from "./sections/credits.ts";
import type { demandSection } from "./sections/demand.ts";
import type { economicsSection } from "./sections/economics.ts";
import type { emissionSection } from "./sections/emission.ts";
import type { governanceSection } from "./sections/governance.ts";
import type { HardwareClassDefaults, hardwareSection } from "./sections/hardware.ts";
import type { marketSection } from "./sections/market.ts";
import type { pricingSection } from "./sections/pricing.ts";
import type { providersSection } from "./sections/providers.ts";
import type { RegionDefaults, regionsSection } from "./sections/regions.ts";
import type { shocksSection } from "./sections/shocks.ts";
import type { simSection } from "./sections/sim.ts";
import type { spiralSection } from "./sections/spiral.ts";
import type { stakingSection } from "./sections/staking.ts";
import type { treasurySection } from "./sections/treasury.ts";
import type { verificationSection } from "./sections/verification.ts";
import type { vestingSection } from "./sections/vesting.ts";

export type { HardwareClassDefaults, RegionDefaults };

/**
 * The types of the built-in parameter sections, by name (the sections themselves,
 * and their order, come from the built-in mechanisms: `engine/mechanisms/builtins.ts`).
 */
export type NetworkSections = {
  sim: ReturnType<typeof simSection>;
  providers: ReturnType<typeof providersSection>;
  hardware: ReturnType<typeof hardwareSection>;
  regions: ReturnType<typeof regionsSection>;
  demand: ReturnType<typeof demandSection>;
  batch: ReturnType<typeof batchSection>;
  pricing: ReturnType<typeof pricingSection>;
  credits: ReturnType<typeof creditsSection>;
  emission: ReturnType<typeof emissionSection>;
  verification: ReturnType<typeof verificationSection>;
  staking: ReturnType<typeof stakingSection>;
  market: ReturnType<typeof marketSection>;
  vesting: ReturnType<typeof vestingSection>;
  treasury: ReturnType<typeof treasurySection>;
  governance: ReturnType<typeof governanceSection>;
  shocks: ReturnType<typeof shocksSection>;
  economics: ReturnType<typeof economicsSection>;
  spiral: ReturnType<typeof spiralSection>;
};

/**
 * Builds the TypeBox schema of the network model's parameters, with the given
 * scenario defaults: each built-in mechanism's section, in the mechanisms' order.
 * Every leaf has a default, a unit and a range; the schema validates CLI
 * overrides and (later) the dashboard's forms.
 */
export function networkSchema(d: NetworkDefaults): TObject<NetworkSections> {
  const sections: TProperties = {};
  for (const m of BUILTIN_MECHANISMS) if (m.section) sections[m.name] = m.section(d);
  return Type.Object(sections) as TObject<NetworkSections>;
}

/** The parameters of the network model (every leaf documented in {@link networkSchema}). */
export type NetworkParams = Static<ReturnType<typeof networkSchema>> & {
  hardware: Record<string, HardwareClassDefaults>;
  regions: Record<string, RegionDefaults>;
  /** Sections declared in their mechanisms' modules (`defineMechanism`) rather than in `sections/`. */
  oracle: OracleParams;
  subsidies: SubsidyParams;
  rings?: RingParams;
  exitLearning?: ExitLearningParams;
  learningTraders?: LearningTraderParams;
};
