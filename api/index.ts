/**
 * The `tokensim` package: what a scenario author imports.
 *
 * ```ts
 * import { defineScenario, networkSchema, withDefaults } from "tokensim";
 * ```
 *
 * Running scenarios and sweeps from code is in `tokensim/run`. Nothing else in
 * the package is importable (see `exports` in package.json); what is exported
 * here follows semver (CHANGELOG.md).
 *
 * @packageDocumentation
 */

export {
  activeRatioEnd,
  basicStepInvariants,
  priceRatioEnd,
  recoveryDays,
  spiralled,
} from "../engine/check/outcomes.ts";
// Checks for `tokensim check`, and ready-made outcomes.
export {
  type Assertion,
  type CheckSpec,
  DEFAULT_DRIFT_METRICS,
  defineChecks,
  type Outcome,
  type RareAssertion,
  type RunView,
  type StepInvariant,
} from "../engine/check/spec.ts";
// Errors.
export {
  type BuiltInInvariantName,
  type InvariantName,
  InvariantViolation,
  ParameterError,
  ScenarioError,
  TokensimError,
} from "../engine/errors.ts";
// Mechanisms' state in the World (`w.demand`, `w.matching`, ...).
export type { BatchState } from "../engine/mechanisms/batch.ts";
export { energySavedUsdPerFakedJob } from "../engine/mechanisms/cheatingEconomics.ts";
export type { EconomicsState } from "../engine/mechanisms/churn.ts";
export { type CreditBook, CreditStatus, type CreditsState } from "../engine/mechanisms/credits.ts";
export type { DemandState } from "../engine/mechanisms/demand.ts";
export type { EmissionState } from "../engine/mechanisms/emission.ts";
export type {
  GovernanceCause,
  GovernanceEvent,
  GovernanceState,
} from "../engine/mechanisms/governance.ts";
export type { MarketState } from "../engine/mechanisms/market.ts";
export type { MatchingState } from "../engine/mechanisms/matching.ts";
// Mechanisms: one declaration of a section, state, streams, phases, columns, invariants.
export {
  type Declared,
  defineMechanism,
  type Invariant,
  type InvariantFailure,
  invariant,
  type Mechanism,
  type MechanismSpec,
  type NetworkDefaults,
} from "../engine/mechanisms/mechanism.ts";
export type { PricingState } from "../engine/mechanisms/pricing.ts";
export type { ShocksState } from "../engine/mechanisms/shocks.ts";
export type { SpiralState } from "../engine/mechanisms/spiral.ts";
export type { VestingState } from "../engine/mechanisms/vesting.ts";
export type { DeathSpiralEvent, SpiralEnd, SpiralLeg } from "../engine/metrics/deathSpiral.ts";
export { type Extended, extendSchema } from "../engine/params/extend.ts";
export { choice, type FieldMeta, flag, int, num, share } from "../engine/params/fields.ts";
export { fixParams } from "../engine/params/fix.ts";
export {
  type HardwareClassDefaults,
  type NetworkParams,
  networkSchema,
  type RegionDefaults,
} from "../engine/params/network.ts";
export {
  type Provenance,
  type ProvenanceKind,
  provenanceOf,
} from "../engine/params/provenance.ts";
export { type DeepPartial, withDefaults } from "../engine/params/withDefaults.ts";
/** The parameters a schema describes, as a phase reads them from `w.params`. */
export type ParamsOf<S extends TSchema> = Static<S>;
// Pipelines: the built-in phases and custom ones, and the outputs they add.
export { type Column, column, type RunOutcome } from "../engine/pipeline/outputs.ts";
export {
  DEFAULT_PHASES,
  definePhase,
  type Phase,
  type PhaseDef,
  type PhaseFactory,
} from "../engine/pipeline/phases.ts";
// Results.
export type { RunHeadline, RunSummary } from "../engine/pipeline/run.ts";
export {
  binomial,
  categorical,
  exponential,
  lognormalMeanCv,
  normal,
  poisson,
} from "../engine/rng/distributions.ts";
// Random numbers: every stream is seeded from (seed, run, component).
export type { Rng, RngCursor } from "../engine/rng/source.ts";

import type { Static, TSchema } from "@sinclair/typebox";

export type { LpWithdrawal, LpWithdrawalSettings } from "../engine/market/lpWithdrawal.ts";
export type { Fill, VenuePricing } from "../engine/market/venue.ts";
export type { ExitLearningParams } from "../engine/mechanisms/agents/exitLearningSection.ts";
export type { LearningTraderParams } from "../engine/mechanisms/agents/learningTraders.ts";
export type { Rings, RingsState } from "../engine/mechanisms/agents/rings.ts";
export type { RingParams } from "../engine/mechanisms/agents/ringsSection.ts";
export { type OracleParams, type OracleState, rulePrice } from "../engine/mechanisms/oracle.ts";
export type { SubsidiesState, SubsidyParams } from "../engine/mechanisms/subsidies.ts";
export type { Collusion } from "../engine/mechanisms/verification.ts";
export {
  DEFAULT_OWNER_RULES,
  defineNetworks,
  type NetworkEntry,
  type NetworksStudy,
  type OutsideOption,
  type OwnerRules,
} from "../engine/networks/spec.ts";
// Scenarios and their parameters.
export {
  defaultParams,
  defineScenario,
  loadScenario,
  type PhaseEntry,
  resolveParams,
  type Scenario,
} from "../engine/scenario.ts";
// Inputs from data: time series read, checked and resampled to a run's steps.
export {
  type SeriesInput,
  type SeriesInputs,
  seriesInputs,
} from "../engine/series/inputs.ts";
export { readSeries, type Series } from "../engine/series/read.ts";
export {
  type ResampleOptions,
  type ResampleRule,
  resampleSeries,
} from "../engine/series/resample.ts";
export { type Snapshot, snapshotOverrides } from "../engine/series/snapshot.ts";
export type { Amm } from "../engine/state/amm.ts";
export { Account, type Ledger } from "../engine/state/ledger.ts";
export type { ProviderStore } from "../engine/state/providers.ts";
export { Behaviour, Status } from "../engine/state/providers.ts";
export type { Roster } from "../engine/state/roster.ts";
export type { StepTotals, World, WorldRngs } from "../engine/state/world.ts";
export { version } from "../engine/version.ts";
