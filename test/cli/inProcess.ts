import { vi } from "vitest";
import { main } from "../../cli/main.ts";

/**
 * Runs the CLI in this process through `main(argv)`, as `bin/tokensim.js` does,
 * and captures what it prints: exit code, stdout and stderr.
 */
export async function cli(
  ...argv: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const text = (args: unknown[]) => `${args.map(String).join(" ")}\n`;
  const spies = [
    vi.spyOn(console, "log").mockImplementation((...a: unknown[]) => {
      stdout += text(a);
    }),
    vi.spyOn(console, "error").mockImplementation((...a: unknown[]) => {
      stderr += text(a);
    }),
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    }),
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr += String(chunk);
      return true;
    }),
  ];
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } finally {
    for (const s of spies) s.mockRestore();
  }
}
