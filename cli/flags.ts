import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "./command.ts";

/** Decimal integers as typed: no hex, no exponent, no blanks (Number("") is 0, Number("0x10") 16). */
const INTEGER = /^[+-]?\d+$/;

/**
 * A whole-number flag written in decimal, within [min, max]; `fallback` when the
 * flag is absent. The one integer parser of every command.
 */
export function integerFlag(
  name: string,
  raw: string | undefined,
  fallback: number,
  min?: number,
  max?: number,
): number;
export function integerFlag(
  name: string,
  raw: string | undefined,
  fallback?: undefined,
  min?: number,
  max?: number,
): number | undefined;
export function integerFlag(
  name: string,
  raw: string | undefined,
  fallback?: number,
  min = 0,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!INTEGER.test(raw.trim()) || !Number.isSafeInteger(v) || v < min || v > max) {
    const range =
      max === Number.MAX_SAFE_INTEGER
        ? min === 0
          ? "a non-negative integer"
          : `an integer >= ${min}`
        : `an integer from ${min} to ${max}`;
    throw new UsageError(`--${name} ${JSON.stringify(raw)}: expected ${range}`);
  }
  return v;
}

/** The options a command gives `parseArgs`. */
type CommandOptions = NonNullable<ParseArgsConfig["options"]>;

/** The flag values `parseArgs` gives for options `O` (named, so declarations can be emitted). */
type CommandValues<O extends CommandOptions> = ReturnType<
  typeof parseArgs<{ args: string[]; allowPositionals: true; options: O }>
>["values"];

/**
 * The parseArgs preamble of a command that takes exactly one positional (a
 * scenario, a study file): its flags (unknown ones are a usage error, as
 * parseArgs makes them) and that positional, or a usage error `expected one
 * <what> (see 'tokensim <command> --help')`.
 */
export function parseCommandArgs<const O extends CommandOptions>(
  command: string,
  argv: readonly string[],
  options: O,
  what = "scenario",
): { values: CommandValues<O>; ref: string } {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options });
  if (positionals.length !== 1)
    throw new UsageError(`expected one ${what} (see 'tokensim ${command} --help')`);
  return { values, ref: positionals[0]! };
}

/**
 * `--steps n` as the override it stands for, `sim.steps=n` (none when not
 * given), n checked here as a whole number >= 1; with `asTyped` (`tokensim
 * sweep`, whose manifest records its overrides as typed) n is passed on as
 * typed, for the scenario's parameter check to judge like any `--set`.
 */
export function stepsSet(raw: string | undefined, { asTyped = false } = {}): string[] {
  if (raw === undefined) return [];
  return [`sim.steps=${asTyped ? raw : integerFlag("steps", raw, 0, 1)}`];
}
