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
  /**
   * Kills the server (SIGKILL: nothing saved) and starts a fresh, empty one on the
   * same port: Redis losing its data, as a pod restarted without persistence does.
   */
  restart(): Promise<void>;
}

function spawnServer(port: number): ChildProcess {
  return spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: "ignore" },
  );
}

/** Waits for PONG, up to `ms` (generous: a loaded machine starts processes slowly). */
async function untilPong(port: number, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if (
        execFileSync("redis-cli", ["-p", String(port), "ping"], {
          stdio: ["ignore", "pipe", "ignore"],
        })
          .toString()
          .trim() === "PONG"
      )
        return;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${ms} ms`);
}

const exited = (proc: ChildProcess, signal: NodeJS.Signals): Promise<void> =>
  new Promise<void>((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once("exit", () => resolve());
    proc.kill(signal);
  });

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
  let proc = spawnServer(port);
  await untilPong(port);
  return {
    url: `redis://127.0.0.1:${port}/0`,
    stop: () => exited(proc, "SIGTERM"),
    async restart() {
      await exited(proc, "SIGKILL");
      proc = spawnServer(port);
      await untilPong(port);
    },
  };
}
