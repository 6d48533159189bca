import type { CliCommand } from "../command.ts";
import { runCommand } from "./run.ts";

/** Every sub-command, in the order `tokensim --help` lists them. */
export const commands: readonly CliCommand[] = [runCommand];
