import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createServer } from "node:net";

/** A free loopback TCP port. */
async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts Debian's redis-server on a loopback port of its own, without
 * persistence; `stop` shuts it down. Fails (does not skip) when the binary is
 * missing: `scripts/ensure-redis.sh` installs it.
 */
export async function startRedis(): Promise<RedisServer> {
  try {
    execFileSync("redis-server", ["--version"]);
  } catch {
    throw new Error("redis-server is not installed: run scripts/ensure-redis.sh (npm test does)");
  }
  const port = await freePort();
  const proc: ChildProcess = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if (
        execFileSync("redis-cli", ["-p", String(port), "ping"])
          .toString()
          .trim() === "PONG"
      )
        break;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: () =>
      new Promise<void>((resolve) => {
        proc.once("exit", () => resolve());
        proc.kill("SIGTERM");
      }),
  };
}
