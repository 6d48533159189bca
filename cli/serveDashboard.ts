import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { isLoopback } from "../dashboard/server/access.ts";
import { buildApp } from "../dashboard/server/app.ts";
import { buildPage } from "../dashboard/server/bundle.ts";
import { UsageError } from "./command.ts";
import { untilStopSignal } from "./stopSignal.ts";

export interface ServeOptions {
  resultsDir: string;
  calibrationDir?: string;
  host: string;
  port: number;
  maxActive: number;
  workers: number;
  /** Budget of one launch (provider-steps, bytes of per-step output). */
  maxProviderSteps: number;
  maxOutputBytes: number;
  /** Access token (required beyond loopback; generated when not given). */
  token?: string;
  /** Open the page in the desktop's browser (xdg-open / open) once listening. */
  open: boolean;
  logLevel: string;
}

/** Opens `url` with the platform's opener; silently does nothing where there is none. */
function openBrowser(url: string): void {
  const cmd =
    process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  try {
    const child = spawn(cmd, [url], { stdio: "ignore", detached: true });
    child.on("error", () => {});
    child.unref();
  } catch {
    // no opener: the URL is printed anyway
  }
}

/**
 * Builds the page, serves the dashboard until SIGINT/SIGTERM, then shuts down
 * gracefully: no new runs, runs in flight finish and are written, streams end.
 */
export async function serveDashboard(opts: ServeOptions): Promise<number> {
  mkdirSync(opts.resultsDir, { recursive: true });
  const page = await buildPage();
  // Beyond loopback the server needs a token: the given one, or a fresh random one.
  const token =
    opts.token ?? (isLoopback(opts.host) ? undefined : randomBytes(18).toString("base64url"));
  const { app } = buildApp({
    access: { host: opts.host, ...(token ? { token } : {}) },
    resultsDir: opts.resultsDir,
    ...(opts.calibrationDir ? { calibrationDir: opts.calibrationDir } : {}),
    page,
    maxActive: opts.maxActive,
    workers: opts.workers,
    maxProviderSteps: opts.maxProviderSteps,
    maxOutputBytes: opts.maxOutputBytes,
    logger: { level: opts.logLevel },
  });
  let address: string;
  try {
    address = await app.listen({ host: opts.host, port: opts.port });
  } catch (err) {
    await app.close();
    const e = err as NodeJS.ErrnoException;
    if (e.code === "EADDRINUSE" || e.code === "EACCES" || e.code === "EADDRNOTAVAIL")
      throw new UsageError(
        `cannot listen on ${opts.host}:${opts.port}: ${e.code} (try another --port or --host)`,
      );
    throw err;
  }
  const url = address.replace("://[::1]", "://localhost");
  const open = token ? `${url}/?token=${token}` : `${url}/`;
  process.stderr.write(
    `tokensim dashboard: ${open} (results from ${opts.resultsDir}; Ctrl-C stops)\n`,
  );
  if (token)
    process.stderr.write(
      "  every request needs the token: open the URL above once, or send Authorization: Bearer <token>\n",
    );
  if (opts.open) openBrowser(open);
  await untilStopSignal(() =>
    process.stderr.write("stopping: finishing the runs in flight, keeping every finished result\n"),
  );
  await app.close();
  return 0;
}
