import { parseArgs } from "node:util";
import { bundledScenarioNames, loadScenario } from "../../engine/scenario.ts";
import { type CliCommand, UsageError } from "../command.ts";

/** `tokensim scenarios`: the bundled scenarios, one line each. */
export const scenariosCommand: CliCommand = {
  help: `Usage: tokensim scenarios

Lists the scenarios in scenarios/, one line each: name, then what it models.
Run one with 'tokensim run <name>'; list its parameters with 'tokensim params <name>'.`,
  async run(argv) {
    // It takes no arguments: anything else is a mistake to report, not to ignore.
    const { positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: {} });
    if (positionals.length > 0)
      throw new UsageError(
        `takes no arguments (got '${positionals[0]}'); for one scenario's parameters: tokensim params <scenario>`,
      );
    const rows: [string, string][] = [];
    for (const name of bundledScenarioNames()) {
      const s = await loadScenario(name);
      rows.push([s.name, s.summary]);
    }
    const width = Math.max(...rows.map(([n]) => n.length));
    for (const [name, summary] of rows) console.log(`${name.padEnd(width)}  ${summary}`);
    return 0;
  },
};
