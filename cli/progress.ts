/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /**
   * Shown instead of the ETA while nothing has finished since the start, e.g. a
   * queue sweep's "waiting for workers (...)". Default "ETA ?": a rate of zero
   * gives no estimate.
   */
  idle?: string;
  /**
   * Count from the first report instead of from zero: a sweep's first report comes
   * before any run and counts the runs a resumed sweep did earlier, which must not
   * make the rate look fast.
   */
  fromFirstReport?: boolean;
}

/**
 * Progress reporting for long work: a redrawn bar with rate and ETA on a TTY,
 * plain lines (every 10%) otherwise. Writes to stderr so stdout stays clean.
 */
export function createProgress(
  label: string,
  unit: string,
  stream: NodeJS.WriteStream = process.stderr,
  opts: ProgressOptions = {},
) {
  const start = Date.now();
  let lastDecile = -1;
  let lastLen = 0;
  let from: number | undefined;
  return (done: number, total: number): void => {
    from ??= opts.fromFirstReport ? done : 0;
    const secs = (Date.now() - start) / 1000;
    const rate = secs > 0 ? (done - from) / secs : 0;
    const eta =
      done >= total
        ? "ETA 0s"
        : rate > 0
          ? `ETA ${((total - done) / rate).toFixed(0)}s`
          : (opts.idle ?? "ETA ?");
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((width * done) / Math.max(1, total));
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      const line = `${label} ${bar} ${pct}% ${done}/${total} ${unit}, ${fmtRate(rate)} ${unit}/s, ${eta}`;
      // padded over a longer line drawn before (an idle hint)
      stream.write(`\r${line.padEnd(lastLen)}`);
      lastLen = line.length;
      if (done >= total) stream.write("\n");
    } else {
      const decile = Math.floor(pct / 10);
      if (decile !== lastDecile || done >= total) {
        lastDecile = decile;
        stream.write(
          `${label}: ${done}/${total} ${unit} (${pct}%), ${fmtRate(rate)} ${unit}/s, ${eta}\n`,
        );
      }
    }
  };
}

function fmtRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r.toFixed(1);
}

/**
 * A sweep's progress: counted from its first report (the runs a resumed sweep did
 * before do not make it look fast), and with `--queue`, until a run is done, a hint
 * to start workers instead of an ETA (the URL's password shown as `***`: progress
 * lines end up in CI logs).
 */
export function sweepProgress(ref: string, queue?: string, queueName?: string) {
  const worker = `tokensim worker --queue ${queue === undefined ? "" : hidePassword(queue)}${queueName ? ` --queue-name ${queueName}` : ""}`;
  return createProgress(`sweep ${ref}`, "runs", process.stderr, {
    fromFirstReport: true,
    ...(queue ? { idle: `no run done yet: waiting for workers (start one with '${worker}')` } : {}),
  });
}

/** A URL with its password, if it has one, replaced by `***`; anything else as given. */
export function hidePassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password === "") return url;
    u.password = "***";
    return u.toString();
  } catch {
    return url;
  }
}
