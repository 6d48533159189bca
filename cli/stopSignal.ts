/**
 * Resolves on the first SIGINT or SIGTERM (Ctrl-C, or a scheduler stopping the
 * process), after `onStop`; the handlers are removed, so a second signal is
 * Node's default (quit at once). For long-running commands: serve, emulate, worker.
 */
export function untilStopSignal(onStop?: () => void): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      onStop?.();
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

/**
 * The interrupt rule of commands that stop gracefully (run, sweep, calibrate): the
 * first SIGINT or SIGTERM aborts the returned signal (and prints `message`, if
 * any), so the command stops cleanly and keeps or removes what it should; a second
 * quits at once with exit code 130. `release()` removes the handlers.
 */
export function interruptible(message?: string): { signal: AbortSignal; release(): void } {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    if (message) process.stderr.write(`\n${message}\n`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    },
  };
}
