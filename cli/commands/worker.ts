import { parseArgs } from "node:util";
import { checkRedisUrl } from "../../workers/queue/protocol.ts";
import { type CliCommand, UsageError } from "../command.ts";
import { integerFlag } from "../flags.ts";
import { untilStopSignal } from "../stopSignal.ts";

const HELP = `Usage: tokensim worker --queue <redis-url> [options]

Consumes chunks of sweep runs from a BullMQ queue on Redis and runs them on this
machine's worker threads. Start any number, on any number of machines, each in a
checkout of the same tokensim and scenario files: a worker whose scenario file
differs from the sweep's (sha256) runs none of its chunks and leaves them to other
workers, saying so in one line. Results go back through Redis to the 'tokensim sweep
--queue' process that enqueued them. A worker killed mid-chunk loses nothing: the
chunk's lock lapses and another worker takes it. A chunk whose coordinator is gone
(killed) is dropped, not run. BullMQ and Redis errors are printed one line each.

Options:
  --queue <redis-url>   e.g. redis://redis:6379/0 (required)
  --queue-name <name>   the queue's name (default tokensim-runs)
  --workers <n>         worker threads (default: one per core)
  --concurrency <n>     chunks in progress at once (default 2)
  --lock-ms <ms>        job lock lifetime; a dead worker's chunk is redelivered
                        after about this long (default 30000)
  --connect-timeout <s> seconds to wait for Redis to answer at start (default 30);
                        then exit 2 with the reason (a scheduler restarts the worker)
  --quiet               no per-chunk lines

Stops on SIGINT or SIGTERM after the chunks in progress finish.`;

/** `tokensim worker`: a queue consumer for distributed sweeps. */
export const workerCommand: CliCommand = {
  help: HELP,
  async run(argv) {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        queue: { type: "string" },
        "queue-name": { type: "string" },
        workers: { type: "string" },
        concurrency: { type: "string" },
        "lock-ms": { type: "string" },
        "connect-timeout": { type: "string" },
        quiet: { type: "boolean" },
      },
    });
    if (!values.queue) throw new UsageError("--queue <redis-url> is required");
    try {
      checkRedisUrl(values.queue);
    } catch (err) {
      throw new UsageError(`--queue ${values.queue}: ${(err as Error).message}`);
    }
    const num = (name: string, raw: string | undefined) => integerFlag(name, raw, undefined, 1);
    const { defaultWorkers } = await import("../../workers/pool.ts");
    const { startQueueWorker } = await import("../../workers/queue/consumer.ts");
    const quiet = values.quiet === true;
    const concurrency = num("concurrency", values.concurrency);
    const lockMs = num("lock-ms", values["lock-ms"]);
    const connectS = num("connect-timeout", values["connect-timeout"]) ?? 30;
    if (!quiet) console.log(`connecting to ${values.queue} (up to ${connectS} s)`);
    const worker = await startQueueWorker({
      url: values.queue,
      ...(values["queue-name"] ? { queueName: values["queue-name"] } : {}),
      threads: num("workers", values.workers) ?? defaultWorkers(),
      ...(concurrency ? { concurrency } : {}),
      ...(lockMs ? { lockMs } : {}),
      connectTimeoutMs: connectS * 1000,
      onChunk: (event, id, runs) => {
        if (quiet) return;
        if (event === "skipped")
          console.log(`chunk ${id} dropped: its sweep's coordinator is gone (${runs} runs)`);
        else console.log(`chunk ${id} ${event === "start" ? "started" : "done"} (${runs} runs)`);
      },
      // printed even with --quiet: without another worker, that sweep waits
      onRefuse: (coordinator, reason) =>
        console.error(
          `not taking the chunks of sweep ${coordinator}: ${reason}; they are left to a worker with the sweep's file`,
        ),
      // one line per new error, not BullMQ's stack traces (errors are printed even with --quiet)
      onError: (line) => console.error(`queue: ${line}`),
    }).catch((err: Error) => {
      throw new UsageError(`--queue ${values.queue}: ${err.message}`);
    });
    if (!quiet) console.log(`worker ready on ${values.queue}`);
    await untilStopSignal();
    await worker.close();
    return 0;
  },
};
