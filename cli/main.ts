import { type CommandEntry, UsageError } from "./command.ts";
import { commands } from "./commands/index.ts";

function topHelp(all: readonly CommandEntry[]): string {
  const width = Math.max(...all.map((c) => c.name.length), 4);
  const lines = all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "tokensim: agent-based simulator of decentralised GPU-compute token economies",
    "",
    "Usage: tokensim <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `tokensim <command> --help` for a command's options.",
  ].join("\n");
}

/**
 * A usage error's message on one line: node:util parseArgs explains an option
 * whose value starts with a dash over three lines ("... argument is ambiguous.\n
 * Did you forget ...?\nTo specify ..."). The engine's indented lists (invalid
 * parameters, one per line) are kept as they are.
 */
function oneLine(message: string): string {
  return message.replace(/\n(?! {2})/g, " ");
}

/** Dispatches argv (without node and script) to a sub-command; returns the exit code. */
export async function main(
  argv: readonly string[],
  all: readonly CommandEntry[] = commands,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    console.log(topHelp(all));
    return 0;
  }
  if (name === "--version" || name === "-v") {
    const { version } = await import("../engine/version.ts");
    console.log(version);
    return 0;
  }
  const entry = all.find((c) => c.name === name);
  if (!entry) {
    console.error(
      `tokensim: unknown command '${name}'. Commands: ${all.map((c) => c.name).join(", ")}`,
    );
    return 2;
  }
  const command = await entry.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    // node:util parseArgs reports unknown or malformed options with ERR_PARSE_ARGS_* codes.
    const code = (err as { code?: unknown }).code;
    if (
      err instanceof UsageError ||
      (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS"))
    ) {
      console.error(`tokensim ${name}: ${oneLine((err as Error).message)}`);
      return 2;
    }
    // Anything else (a file that cannot be written, a crash in a scenario's code) is
    // still one line and exit code 2; TOKENSIM_DEBUG=1 shows the stack.
    const e = err instanceof Error ? err : new Error(String(err));
    if (process.env.TOKENSIM_DEBUG) console.error(e.stack);
    console.error(
      `tokensim ${name}: ${oneLine(e.message)}${process.env.TOKENSIM_DEBUG ? "" : " (TOKENSIM_DEBUG=1 shows the stack trace)"}`,
    );
    return 2;
  }
}
