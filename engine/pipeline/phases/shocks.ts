import { hardwareGeneration, scaleRegionPower } from "../../mechanisms/shocks.ts";
import { crashDump } from "../../mechanisms/traders.ts";
import type { PhaseFactory } from "../phase.ts";

/**
 * Scheduled shocks from `params.shocks` (the `shocks` phase): a market crash (traders
 * dump toward the crash price; the external price falls with it), a liquidity
 * withdrawal from the AMM, a power-price spike in one region (its start and end), and
 * a new hardware generation's share of entrants.
 *
 * Reads `w.step` and `w.amm.price`. Writes `w.amm`, `w.ledger`, `w.shocks`
 * (`crashStartPrice`, `powerFactor`, `classShare`), `w.market.externalPrice` and
 * `w.roster` (power prices).
 *
 * After: nothing (it runs first in the default pipeline).
 */
export const shocksPhase: PhaseFactory = (w) => {
  const sh = w.params.shocks;
  return {
    name: "shocks",
    writes: ["shocks", "market.externalPrice"],
    run(w) {
      const step = w.step;
      const st = w.shocks;
      if (sh.crashStartStep >= 0 && step >= sh.crashStartStep) {
        const k = step - sh.crashStartStep + 1;
        if (k === 1) st.crashStartPrice = w.amm.price;
        if (k <= sh.crashSteps) {
          crashDump(st.crashStartPrice, sh.crashDrop, k, sh.crashSteps, w.amm, w.ledger);
          if (w.params.market.externalMarket) {
            w.market.externalPrice *= (1 - sh.crashDrop) ** (1 / sh.crashSteps);
          }
        }
      }
      if (step === sh.liquidityStep) w.amm.withdrawLiquidity(sh.liquidityWithdrawShare);
      if (sh.powerStartStep >= 0 && sh.powerRegion < w.nRegions) {
        if (step === sh.powerStartStep) {
          scaleRegionPower(w.roster, sh.powerRegion, sh.powerMultiplier);
          st.powerFactor[sh.powerRegion]! *= sh.powerMultiplier;
        } else if (step === sh.powerStartStep + sh.powerSteps) {
          scaleRegionPower(w.roster, sh.powerRegion, 1 / sh.powerMultiplier);
          st.powerFactor[sh.powerRegion]! /= sh.powerMultiplier;
        }
      }
      if (step === sh.hardwareGenStep && sh.hardwareGenClass < w.nClasses) {
        hardwareGeneration(st.classShare, sh.hardwareGenClass, sh.hardwareGenShare);
      }
    },
  };
};
