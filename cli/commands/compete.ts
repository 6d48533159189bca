import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { importFile } from "../../engine/importFile.ts";
import { competeToFiles } from "../../engine/networks/output.ts";
import { resolveStudy } from "../../engine/networks/resolve.ts";
import { defineNetworks, type NetworksStudy } from "../../engine/networks/spec.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag, parseCommandArgs } from "../flags.ts";
import { createProgress } from "../progress.ts";
import { rethrowAsUsage } from "../usageErrors.ts";

const HELP = `Usage: tokensim compete <file> [options]

Runs two or more networks in lock-step, sharing one population of GPU owners who
run each GPU where it earns most net of switching costs, or rent it out on a cloud
(docs/networks.md).

<file>                a multi-network study file exporting \`networks\` (defineNetworks),
                      e.g. scenarios/networks/render-vs-akash.ts

Options:
  --seed <n>          root seed (integer, default 42); same file, overrides and seed give the same bytes
  --out <dir>         output directory (default results/<study>)
  --set key=value     override (repeatable): <network>.<param>=v (as tokensim run --set),
                      owners.<rule>=v (decisionEveryHours, reviewShare, horizonDays, switchCostUsd,
                      downtimeDays, returnWindowDecisions, outsideInitial), outside.hostShare=v,
                      outside.utilisation=v, outside.usdPerGpuHour.<class>=v
  --quiet             no progress and no summary on the terminal

Writes:
  <out>/<network>/steps.arrow, summary.json   each network's run, as tokensim run writes them
  <out>/networks.arrow   per step: GPUs, expected return and moves per network and on the
                         outside option, each network's active providers and price
  <out>/networks.json    settings, owners' moves, GPUs per network at start and end

Exit codes: 0 ok, 1 an invariant failed in a network (results so far are kept),
2 bad input or an error.`;

/** Loads a study file's `networks` export (or its default export). */
async function loadStudy(ref: string): Promise<NetworksStudy> {
  const path = resolve(ref);
  if (!existsSync(path)) throw new UsageError(`${ref}: no such file`);
  let mod: Record<string, unknown>;
  try {
    mod = await importFile(path);
  } catch (err) {
    throw new UsageError(`${ref}: cannot load: ${(err as Error).message.split("\n")[0]}`);
  }
  const study = (mod.networks ?? mod.default) as NetworksStudy | undefined;
  if (!study) throw new UsageError(`${ref}: exports no \`networks\` (defineNetworks)`);
  return defineNetworks(study);
}

/** `tokensim compete`: a multi-network study to Arrow and JSON. */
export const competeCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values, ref } = parseCommandArgs(
      "compete",
      argv,
      {
        seed: { type: "string" },
        out: { type: "string" },
        set: { type: "string", multiple: true },
        quiet: { type: "boolean" },
      },
      "study file",
    );
    const seed = integerFlag("seed", values.seed, 42);
    try {
      const study = resolveStudy(await loadStudy(ref), values.set ?? []);
      const out = values.out ?? join("results", study.name);
      const progress = values.quiet ? undefined : createProgress(`compete ${study.name}`, "steps");
      const { record } = await competeToFiles(study, out, {
        seed,
        ...(progress ? { onProgress: progress } : {}),
      });
      if (!values.quiet) {
        for (const n of record.networks)
          console.log(
            `  ${n.name.padEnd(14)} GPUs ${n.ownersStart} → ${n.ownersEnd}, price ${n.priceStartUsd.toPrecision(4)} → ${n.priceEndUsd.toPrecision(4)} USD`,
          );
        console.log(
          `  ${"outside".padEnd(14)} GPUs ${record.outside.ownersStart} → ${record.outside.ownersEnd}; ${record.owners.moves} moves`,
        );
        if (record.failure)
          console.log(
            `  FAILED         ${record.failure.network}: ${record.failure.invariant} at step ${record.failure.step}`,
          );
        console.log(
          `  wrote          ${join(out, "networks.arrow")}, ${join(out, "networks.json")}`,
        );
      }
      return record.status === "ok" ? 0 : 1;
    } catch (err) {
      rethrowAsUsage(err);
    }
  },
};
