import { TokensimError } from "../engine/errors.ts";
import { UsageError } from "./command.ts";

/**
 * Throws `err` again, an engine error (bad scenario, parameter or input) as a
 * usage error: its message is for the user as it stands, and the exit code is 2.
 */
export function rethrowAsUsage(err: unknown): never {
  if (err instanceof TokensimError) throw new UsageError(err.message);
  throw err;
}
