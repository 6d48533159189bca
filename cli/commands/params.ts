import { parseArgs } from "node:util";
import { Value } from "@sinclair/typebox/value";
import { TokensimError } from "../../engine/errors.ts";
import { isFixed } from "../../engine/params/fix.ts";
import { describeRange, type LeafParam, leafParams } from "../../engine/params/overrides.ts";
import { provenanceOf } from "../../engine/params/provenance.ts";
import { loadScenario } from "../../engine/scenario.ts";
import { type CliCommand, UsageError } from "../command.ts";

/** `tokensim params <scenario>`: every parameter with its default, unit, range and meaning. */
export const paramsCommand: CliCommand = {
  help: `Usage: tokensim params <scenario> [--json]

Lists every parameter of a scenario, one per line: the dotted key that --set takes,
its default, its allowed range with unit and meaning, and where the default comes
from: [source] a published document, [assumption] a modelling choice (reasons and
sensitivities in docs/assumptions.md), [setting] a choice of the user's (a switch,
a run length, a shock), [scenario] set per scenario (its file's header cites it).
Parameters the scenario fixes (its pipeline does not read them) are listed last,
by section, with the scenario's reason; --set refuses them.
  --json   print the parameter schema (TypeBox / JSON Schema) instead`,
  async run(argv) {
    // Unknown options are usage errors, not scenario names ("--jsn": did you mean --json?).
    const { values, positionals: refs } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { json: { type: "boolean" } },
    });
    const json = values.json === true;
    if (refs.length !== 1)
      throw new UsageError("expected one scenario (see 'tokensim params --help')");
    try {
      const scenario = await loadScenario(refs[0]!);
      if (json) {
        console.log(JSON.stringify(scenario.schema, null, 2));
        return 0;
      }
      const defaults = Value.Create(scenario.schema) as Record<string, unknown>;
      const all = leafParams(scenario.schema);
      const leaves = all.filter((l) => !isFixed(l.schema));
      const width = Math.max(...leaves.map((l) => l.path.length));
      for (const leaf of leaves) {
        const value = leaf.path
          .split(".")
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], defaults);
        const desc = typeof leaf.schema.description === "string" ? leaf.schema.description : "";
        const prov = provenanceOf(leaf.path, leaf.schema);
        const from = prov ? ` [${prov.kind}: ${prov.note}]` : "";
        console.log(
          `${leaf.path.padEnd(width)}  ${String(value).padStart(12)}  ${describeRange(leaf.schema)}; ${desc}${from}`,
        );
      }
      for (const line of fixedLines(all)) console.log(line);
      return 0;
    } catch (err) {
      if (err instanceof TokensimError) throw new UsageError(err.message);
      throw err;
    }
  },
};

/**
 * The parameters a scenario fixes, after the settable ones: one line per reason,
 * naming whole sections as `section.*` and other parameters one by one.
 */
function fixedLines(all: readonly LeafParam[]): string[] {
  const fixed = all.filter((l) => isFixed(l.schema));
  if (fixed.length === 0) return [];
  const section = (path: string) => path.split(".")[0]!;
  const byReason = new Map<string, string[]>();
  for (const leaf of fixed) {
    const reason = String(leaf.schema.fixed);
    const s = section(leaf.path);
    const whole = all.every((l) => section(l.path) !== s || isFixed(l.schema));
    const name = whole ? `${s}.*` : leaf.path;
    const names = byReason.get(reason) ?? [];
    if (!names.includes(name)) names.push(name);
    byReason.set(reason, names);
  }
  const lines = ["", `Fixed by the scenario (${fixed.length} parameters, --set refuses them):`];
  for (const [reason, names] of byReason) lines.push(`  ${names.join(", ")}: ${reason}`);
  return lines;
}
