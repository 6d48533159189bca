import type { CliCommand } from "../command.ts";
import { calibrateCommand } from "./calibrate.ts";
import { checkCommand } from "./check.ts";
import { emulateCommand } from "./emulate.ts";
import { mergeCommand } from "./merge.ts";
import { paramsCommand } from "./params.ts";
import { plotCommand } from "./plot.ts";
import { runCommand } from "./run.ts";
import { scenariosCommand } from "./scenarios.ts";
import { serveCommand } from "./serve.ts";
import { startCommand } from "./start.ts";
import { sweepCommand } from "./sweep.ts";
import { workerCommand } from "./worker.ts";

/** Every sub-command, in the order `tokensim --help` lists them. */
export const commands: readonly CliCommand[] = [
  runCommand,
  scenariosCommand,
  paramsCommand,
  sweepCommand,
  mergeCommand,
  workerCommand,
  checkCommand,
  calibrateCommand,
  emulateCommand,
  serveCommand,
  plotCommand,
  startCommand,
];
