import { closeSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct } from "apache-arrow";
import { SyncIpcFileWriter } from "./ipcFile.ts";

/** Where Arrow IPC bytes go, chunk by chunk. */
export interface ByteSink {
  /**
   * Takes the next bytes. The chunk is a view of memory the writer reuses:
   * valid only during the call, so a sink that keeps bytes copies them.
   */
  write(chunk: Uint8Array): void;
  /** Called once after the last chunk. */
  close(): void;
  /** Called instead of close() when the run ends in an error: leave nothing behind. */
  abort?(): void;
}

/**
 * A sink that keeps the bytes in memory (for workers: the result is transferred).
 * Chunks are copied as they come (the stream reuses their memory; one chunk per
 * record batch) and joined once by {@link bytes}: growing one large buffer instead was several
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
 * Where a stream gathers the pieces of one batch (or of the footer) before they
 * go to its sink in one write: one write call per batch instead of two per
 * column. Streams are written synchronously and each hands its bytes on before
 * returning, so one buffer serves every stream of this thread.
 */
let staging = new Uint8Array(1 << 16);
let staged = 0;

function stage(bytes: Uint8Array): void {
  if (staged + bytes.byteLength > staging.byteLength) {
    const grown = new Uint8Array(Math.max(2 * staging.byteLength, staged + bytes.byteLength));
    grown.set(staging.subarray(0, staged));
    staging = grown;
  }
  staging.set(bytes, staged);
  staged += bytes.byteLength;
}

/**
 * A sink that keeps nothing: a stream into it encodes nothing (a sweep's runs
 * with `--no-steps`).
 */
export const DISCARD_SINK: ByteSink = { write() {}, close() {} };

/**
 * Streams record batches into an Arrow IPC file. Each batch is encoded when it
 * is written and its bytes reach the sink before {@link writeColumns} returns,
 * so the caller may reuse its column arrays at once and memory holds one batch
 * at a time. A sink's error (a full disk...) is kept and thrown by the next
 * {@link drain} or {@link finish}; nothing more is written after it. Into
 * {@link DISCARD_SINK} nothing is encoded.
 */
export class ArrowFileStream {
  private readonly writer = new SyncIpcFileWriter(stage);
  /** The sink's error (a full disk...), raised by the next drain() or finish(). */
  private failure: Error | undefined;
  private readonly discard: boolean;
  constructor(
    readonly schema: Schema,
    private readonly sink: ByteSink,
  ) {
    this.discard = sink === DISCARD_SINK;
  }

  /** Appends one batch made of the first `length` rows of int32 and float64 columns. */
  writeColumns(ints: readonly Int32Array[], floats: readonly Float64Array[], length: number): void {
    if (this.discard || this.failure) return;
    const fields = this.schema.fields;
    // Views, not copies: the batch is encoded and handed on before this returns.
    const children = [
      ...ints.map((a, k) =>
        makeData({
          type: fields[k]!.type as Int32,
          length,
          nullCount: 0,
          data: a.subarray(0, length),
        }),
      ),
      ...floats.map((a, k) =>
        makeData({
          type: fields[ints.length + k]!.type as Float64,
          length,
          nullCount: 0,
          data: a.subarray(0, length),
        }),
      ),
    ];
    const data = makeData({ type: new Struct(fields), length, nullCount: 0, children });
    this.handOn(() => this.writer.write(new RecordBatch(this.schema, data)));
  }

  /** Yields to the event loop; throws the sink's error, if any. */
  async drain(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.failure) throw this.failure;
  }

  /** Writes the footer, hands every byte to the sink and closes it. */
  async finish(): Promise<void> {
    if (!this.discard) {
      if (this.failure) throw this.failure;
      if (!this.writer.started) this.handOn(() => this.writer.reset(undefined, this.schema));
      this.handOn(() => this.writer.finish());
      if (this.failure) throw this.failure;
    }
    this.sink.close();
  }

  /** Encodes through `encode` and writes what it staged to the sink in one piece. */
  private handOn(encode: () => void): void {
    staged = 0;
    try {
      encode();
      if (staged > 0) this.sink.write(staging.subarray(0, staged));
    } catch (err) {
      this.failure ??= err as Error;
    } finally {
      staged = 0;
    }
  }

  /** Ends a failed run: drops the encoder and lets the sink remove what it wrote. */
  async abort(): Promise<void> {
    try {
      if (!this.discard) this.writer.abort();
    } finally {
      staged = 0;
      this.sink.abort?.();
    }
  }
}
