/**
 * Progress reporting for long work: a redrawn bar with rate and ETA on a TTY,
 * plain lines (every 10%) otherwise. Writes to stderr so stdout stays clean.
 */
export function createProgress(
  label: string,
  unit: string,
  stream: NodeJS.WriteStream = process.stderr,
) {
  const start = Date.now();
  let lastDecile = -1;
  return (done: number, total: number): void => {
    const secs = (Date.now() - start) / 1000;
    const rate = secs > 0 ? done / secs : 0;
    const eta = rate > 0 ? (total - done) / rate : 0;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    if (stream.isTTY) {
      const width = 30;
      const filled = Math.round((width * done) / Math.max(1, total));
      const bar = "█".repeat(filled) + "░".repeat(width - filled);
      stream.write(
        `\r${label} ${bar} ${pct}% ${done}/${total} ${unit}, ${fmtRate(rate)} ${unit}/s, ETA ${eta.toFixed(0)}s  `,
      );
      if (done >= total) stream.write("\n");
    } else {
      const decile = Math.floor(pct / 10);
      if (decile !== lastDecile || done >= total) {
        lastDecile = decile;
        stream.write(
          `${label}: ${done}/${total} ${unit} (${pct}%), ${fmtRate(rate)} ${unit}/s, ETA ${eta.toFixed(0)}s\n`,
        );
      }
    }
  };
}

function fmtRate(r: number): string {
  return r >= 100 ? r.toFixed(0) : r.toFixed(1);
}
