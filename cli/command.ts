/** One sub-command of the `tokensim` CLI. */
export interface CliCommand {
  /** The word typed after `tokensim`. */
  readonly name: string;
  /** One line for `tokensim --help`. */
  readonly summary: string;
  /** Full text for `tokensim <name> --help`. */
  readonly help: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[]): Promise<number>;
}

/** An error whose message is meant for the user as it stands (no stack trace). */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
