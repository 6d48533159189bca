import { TokensimError } from "../errors.ts";

/**
 * An environment was misused: an action outside its action space, a step before
 * `reset` or after the episode ended, an agent class the scenario cannot host.
 * The message says what was wrong and what is allowed.
 */
export class EnvironmentError extends TokensimError {
  constructor(message: string) {
    super("TOKENSIM_ENV", message);
  }
}
