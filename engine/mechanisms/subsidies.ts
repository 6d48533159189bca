import { Account, type Ledger } from "../state/ledger.ts";
import { type ProviderStore, Status } from "../state/providers.ts";

/** The subsidies' parameters (`subsidies.*`; units in the schema). */
export interface SubsidyParams {
  readonly enabled: boolean;
  readonly currency: "usd" | "tokens";
  readonly basis: "perProvider" | "perGpuHour";
  readonly amount: number;
  readonly budgetPerEpoch: number;
  readonly when: "always" | "priceBelow" | "firstEpochs";
  readonly triggerRatio: number;
  readonly epochs: number;
}

/**
 * Whether the subsidy runs at the end of epoch `epoch` (0-based): always; while
 * `price < triggerRatio · referencePrice` (`priceBelow`); or in the first
 * `epochs` epochs (`firstEpochs`).
 */
export function subsidyRuns(
  p: SubsidyParams,
  epoch: number,
  price: number,
  referencePrice: number,
): boolean {
  if (p.when === "always") return true;
  if (p.when === "priceBelow") return price < p.triggerRatio * referencePrice;
  return epoch < p.epochs;
}

/**
 * One active provider's claim for an epoch (USD or tokens): `amount`
 * (`perProvider`), or `amount` per GPU-hour of capacity it offers over the
 * epoch, `amount · throughput · epochHours` (`perGpuHour`).
 */
function subsidyClaim(p: SubsidyParams, throughput: number, epochHours: number): number {
  return p.basis === "perProvider" ? p.amount : p.amount * throughput * epochHours;
}

/**
 * Each active provider's claim for the epoch (USD or tokens; {@link subsidyClaim})
 * into `due`, and their sum. Providers not active get 0.
 */
export function subsidyDue(
  p: SubsidyParams,
  s: ProviderStore,
  epochHours: number,
  due: Float64Array,
): number {
  let total = 0;
  for (let i = 0; i < s.highWater; i++) {
    if (s.status[i] !== Status.Active) {
      due[i] = 0;
      continue;
    }
    const d = subsidyClaim(p, s.throughput[i]!, epochHours);
    due[i] = d;
    total += d;
  }
  return total;
}

/**
 * The subsidy a provider of throughput `throughput` gets per hour as the
 * programme stands (USD/hour): its claim ({@link subsidyClaim}) × `paidShare`,
 * the share of claims the treasury paid at the last epoch end (0 when the rule
 * did not hold or nothing was paid; less than 1 when the budget or the
 * treasury's balance scaled claims down), tokens valued at `price`, over the
 * epoch's hours. It is what an active provider was paid at that epoch end,
 * which the exit decisions count, per hour; entry counts the same figure
 * (`EntryOutlook.subsidyUsdPerHour` in `churn.ts`).
 */
export function subsidyUsdPerHour(
  p: SubsidyParams,
  paidShare: number,
  throughput: number,
  epochHours: number,
  price: number,
): number {
  if (paidShare <= 0) return 0;
  const perEpoch = subsidyClaim(p, throughput, epochHours) * paidShare;
  return (p.currency === "tokens" ? perEpoch * price : perEpoch) / epochHours;
}

/**
 * What the treasury pays (USD or tokens): the claims, scaled down pro rata to
 * what it can pay, `min(budgetPerEpoch, available)` (no budget cap when
 * `budgetPerEpoch` is 0).
 */
export function subsidyPayable(wanted: number, budgetPerEpoch: number, available: number): number {
  const cap = budgetPerEpoch > 0 ? Math.min(budgetPerEpoch, available) : available;
  return Math.max(0, Math.min(wanted, cap));
}

/**
 * Pays `total` USD from the treasury's USD to providers in proportion to `due`
 * (of sum `wanted`): into their P&L and their epoch's fiat income, which exit
 * decisions read. Returns what was paid (USD); the caller takes it off the
 * treasury's USD.
 */
export function payUsdSubsidy(
  s: ProviderStore,
  due: Float64Array,
  wanted: number,
  total: number,
): number {
  if (total <= 0 || wanted <= 0) return 0;
  const scale = total / wanted;
  let paid = 0;
  for (let i = 0; i < s.highWater; i++) {
    const d = due[i]!;
    if (d <= 0) continue;
    const usd = d * scale;
    s.pnlUsd[i]! += usd;
    s.epochFiatUsd[i]! += usd;
    paid += usd;
  }
  return paid;
}

/**
 * Pays `total` tokens from the treasury's token account to providers in
 * proportion to `due` (of sum `wanted`), through the ledger, and counts them in
 * the epoch's reward, which exit decisions value at the price. Returns the
 * tokens paid (never more than the treasury holds).
 */
export function payTokenSubsidy(
  s: ProviderStore,
  ledger: Ledger,
  due: Float64Array,
  wanted: number,
  total: number,
): number {
  if (total <= 0 || wanted <= 0) return 0;
  const scale = total / wanted;
  let left = Math.min(total, ledger.accounts[Account.Treasury]!);
  let paid = 0;
  for (let i = 0; i < s.highWater && left > 0; i++) {
    const d = due[i]!;
    if (d <= 0) continue;
    const tokens = Math.min(left, d * scale);
    ledger.toProvider(Account.Treasury, i, tokens);
    s.epochReward[i]! += tokens;
    left -= tokens;
    paid += tokens;
  }
  return paid;
}

/** The subsidies' state in `World` (`w.subsidies`): this step's payments and the run's totals. */
export class SubsidiesState {
  /** Paid in this step (USD; tokens). */
  usdStep = 0;
  tokensStep = 0;
  /** Paid in the run so far (USD; tokens). */
  usdTotal = 0;
  tokensTotal = 0;
  /** Epochs in which the subsidy ran (epochs). */
  epochsPaid = 0;
  /**
   * Share of the claims paid at the last epoch end (fraction): 1 when paid in
   * full, less when the budget or the treasury's balance scaled them down, 0
   * when the rule did not hold or nothing was claimed. Entrants count a
   * provider's claim × this share per hour (`subsidyUsdPerHour`), what an
   * active provider was paid.
   */
  paidShare = 0;
}
