import type { CliCommand } from "../command.ts";
import { calibrateCommand } from "./calibrate.ts";
import { emulateCommand } from "./emulate.ts";

/** Every sub-command, in the order `tokensim --help` lists them. */
export const commands: readonly CliCommand[] = [calibrateCommand, emulateCommand];
