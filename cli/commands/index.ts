import type { CliCommand } from "../command.ts";
import { calibrateCommand } from "./calibrate.ts";
import { checkCommand } from "./check.ts";
import { emulateCommand } from "./emulate.ts";
import { paramsCommand } from "./params.ts";
import { runCommand } from "./run.ts";
import { scenariosCommand } from "./scenarios.ts";

/** Every sub-command, in the order `tokensim --help` lists them. */
export const commands: readonly CliCommand[] = [
  runCommand,
  scenariosCommand,
  paramsCommand,
  checkCommand,
  calibrateCommand,
  emulateCommand,
];
