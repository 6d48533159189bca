import { bundledScenarioNames, loadScenario } from "../../engine/scenario.ts";
import type { CliCommand } from "../command.ts";

/** `tokensim scenarios`: the bundled scenarios, one line each. */
export const scenariosCommand: CliCommand = {
  help: `Usage: tokensim scenarios

Lists the scenarios in scenarios/, one line each: name, then what it models.
Run one with 'tokensim run <name>'; list its parameters with 'tokensim params <name>'.`,
  async run() {
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
