import { TokensimError } from "./errors.ts";
import { closestPaths } from "./params/overrides.ts";

/**
 * A set of named implementations of one extension point (emission policies,
 * phases, ...). Scenarios refer to implementations by name.
 */
export class Registry<T> {
  private readonly items = new Map<string, T>();
  constructor(readonly kind: string) {}

  /** Adds `item` under `name`; a name can be registered once. */
  register(name: string, item: T): this {
    if (this.items.has(name))
      throw new TokensimError("TOKENSIM_REGISTRY", `${this.kind} '${name}' is already registered`);
    this.items.set(name, item);
    return this;
  }

  /** The item named `name`; an unknown name is an error that lists the close ones. */
  get(name: string): T {
    const item = this.items.get(name);
    if (item === undefined) {
      const near = closestPaths(name, this.names());
      throw new TokensimError(
        "TOKENSIM_REGISTRY",
        `unknown ${this.kind} '${name}'. Known: ${this.names().join(", ")}${near.length ? ` (closest: ${near[0]})` : ""}`,
      );
    }
    return item;
  }

  names(): string[] {
    return [...this.items.keys()];
  }
}
