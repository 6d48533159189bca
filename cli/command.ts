/** One sub-command of the `tokensim` CLI, as its module exports it. */
export interface CliCommand {
  /** Full text for `tokensim <name> --help`. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/**
 * A sub-command as `tokensim --help` lists it: its name and summary are here, its
 * module (and everything the module imports) loads only when it runs.
 */
export interface CommandEntry {
  /** The word typed after `tokensim`. */
  readonly name: string;
  /** One line for `tokensim --help`. */
  readonly summary: string;
  /** Imports the command's module. */
  load(): Promise<CliCommand>;
}

/** An error whose message is meant for the user as it stands (no stack trace). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
