import { TokensimError } from "../errors.ts";

/** Error codes of a file system that cannot take the output (full, read-only, no permission). */
const OUTPUT_CODES = new Set(["ENOSPC", "EDQUOT", "EROFS", "EACCES", "EPERM", "EIO"]);

/**
 * The one-line reason when `err` says the output cannot be written (a full disk,
 * a read-only or forbidden folder, an I/O error): a sweep then stops, since
 * every later run would fail the same way; undefined for any other error.
 */
export function outputProblem(err: unknown): string | undefined {
  if (err instanceof TokensimError) return err.code === "TOKENSIM_OUT" ? err.message : undefined;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== "string" || !OUTPUT_CODES.has(code)) return undefined;
  return (err as Error).message.split("\n", 1)[0];
}
