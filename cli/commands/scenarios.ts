import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadScenario, SCENARIO_DIR } from "../../engine/scenario.ts";
import type { CliCommand } from "../command.ts";

/** `tokensim scenarios`: the bundled scenarios, one line each. */
export const scenariosCommand: CliCommand = {
  name: "scenarios",
  summary: "list the bundled scenarios, one line each",
  help: `Usage: tokensim scenarios

Lists the scenarios in scenarios/, one line each: name, then what it models.
Run one with 'tokensim run <name>'; list its parameters with 'tokensim params <name>'.`,
  async run() {
    const dir = fileURLToPath(SCENARIO_DIR);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".ts"))
      .sort();
    const rows: [string, string][] = [];
    for (const f of files) {
      const s = await loadScenario(`${dir}${f}`);
      rows.push([s.name, s.summary]);
    }
    const width = Math.max(...rows.map(([n]) => n.length));
    for (const [name, summary] of rows) console.log(`${name.padEnd(width)}  ${summary}`);
    return 0;
  },
};
