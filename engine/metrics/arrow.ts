import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct } from "apache-arrow";
import { IpcFileWriter } from "./ipcFile.ts";

/** Where Arrow IPC bytes go, chunk by chunk. */
export interface ByteSink {
  write(chunk: Uint8Array): void;
  /** Called once after the last chunk. */
  close(): void;
  /** Called instead of close() when the run ends in an error: leave nothing behind. */
  abort?(): void;
}

/**
 * A sink that keeps the bytes in memory (for workers: the result is transferred).
 * Chunks are copied as they come (small allocations from the JavaScript heap) and
 * joined once by {@link bytes}: growing one large buffer instead was several
 * times slower where fresh memory is slow to fault in (the development VM).
 */
export class MemorySink implements ByteSink {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;
  write(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
    this.size += chunk.byteLength;
  }
  close(): void {}
  /** All bytes written, as one buffer. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}

/**
 * A sink that writes to `path` atomically: bytes go to `path.tmp-<pid>` and the
 * file is renamed into place on close, so a reader never sees half a file.
 */
export class AtomicFileSink implements ByteSink {
  private readonly tmp: string;
  private readonly fd: number;
  constructor(private readonly path: string) {
    this.tmp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, "w");
  }
  write(chunk: Uint8Array): void {
    writeSync(this.fd, chunk);
  }
  close(): void {
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }
  /** Closes and deletes the temporary file (a full disk, an interrupt, a crash): nothing is left. */
  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}

/** Column layout of a metrics table: int32 key columns then float64 metrics, with units. */
export interface TableLayout {
  intColumns: readonly { name: string; unit: string; description: string }[];
  floatColumns: readonly { name: string; unit: string; description: string }[];
  /** Key-value metadata stored in the Arrow schema (scenario, seed, version...). */
  metadata: Record<string, string>;
}

/** Arrow schema for a layout; each field carries `unit` and `description` metadata. */
export function arrowSchema(layout: TableLayout): Schema {
  const meta = (c: { unit: string; description: string }) =>
    new Map([
      ["unit", c.unit],
      ["description", c.description],
    ]);
  const fields = [
    ...layout.intColumns.map((c) => new Field(c.name, new Int32(), false, meta(c))),
    ...layout.floatColumns.map((c) => new Field(c.name, new Float64(), false, meta(c))),
  ];
  return new Schema(fields, new Map(Object.entries(layout.metadata)));
}

/**
 * Streams record batches into an Arrow IPC file. Batches are encoded as they are
 * written and handed to the sink, so memory holds one batch at a time.
 * Call {@link drain} after writes (it awaits the encoder), and {@link finish} once.
 */
export class ArrowFileStream {
  private readonly writer = new IpcFileWriter();
  private readonly pump: Promise<void>;
  /** The sink's error (a full disk...), raised by the next drain() or finish(). */
  private failure: Error | undefined;
  constructor(
    readonly schema: Schema,
    private readonly sink: ByteSink,
  ) {
    this.pump = (async () => {
      try {
        for await (const chunk of this.writer) sink.write(chunk);
      } catch (err) {
        this.failure = err as Error;
      }
    })();
  }

  /** Appends one batch made of int32 and float64 column slices of `length` rows. */
  writeColumns(ints: readonly Int32Array[], floats: readonly Float64Array[], length: number): void {
    const fields = this.schema.fields;
    const children = [
      ...ints.map((a, k) =>
        makeData({
          type: fields[k]!.type as Int32,
          length,
          nullCount: 0,
          data: a.slice(0, length),
        }),
      ),
      ...floats.map((a, k) =>
        makeData({
          type: fields[ints.length + k]!.type as Float64,
          length,
          nullCount: 0,
          data: a.slice(0, length),
        }),
      ),
    ];
    const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
    this.writer.write(new RecordBatch(this.schema, data));
  }

  /** Lets the encoder hand buffered bytes to the sink; throws the sink's error, if any. */
  async drain(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure;
  }

  /** Writes the footer, waits for every byte to reach the sink and closes it. */
  async finish(): Promise<void> {
    if (!this.started) this.writer.reset(undefined, this.schema);
    this.writer.finish();
    await this.pump;
    if (this.failure) throw this.failure;
    this.sink.close();
  }

  /** Ends a failed run: stops the encoder and lets the sink remove what it wrote. */
  async abort(): Promise<void> {
    try {
      this.writer.abort();
      await this.pump;
    } finally {
      this.sink.abort?.();
    }
  }

  private get started(): boolean {
    return (this.writer as unknown as { _started: boolean })._started;
  }
}
