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
