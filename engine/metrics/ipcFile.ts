import {
  type Field,
  Message,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema,
  Struct,
  Table,
  util,
} from "apache-arrow";

/**
 * An Arrow IPC file writer that follows the format: after the `ARROW1` magic the
 * file holds the stream format — the Schema message first, then record batches —
 * and then the footer. apache-arrow's JS `RecordBatchFileWriter` leaves the Schema
 * message out (readers that go by the footer cope; those that read the stream
 * body, such as DuckDB's, reject the file), so this writer puts it back.
 */
class IpcFileWriter extends RecordBatchFileWriter {
  protected override _writeSchema(schema: Schema): this {
    this._writeMagic()._writePadding(2);
    return this._writeMessage(Message.from(schema));
  }
}

/**
 * An {@link IpcFileWriter} that hands every piece of the file to `onBytes` as it
 * is encoded, synchronously, instead of queueing it for an asynchronous reader:
 * once `write()` or `finish()` returns, the bytes are with the caller, so the
 * column buffers a batch was made of can be reused at once. A piece is a view of
 * the writer's or the batch's memory, valid only during the call.
 */
export class SyncIpcFileWriter extends IpcFileWriter {
  constructor(private readonly onBytes: (bytes: Uint8Array) => void) {
    super();
  }
  /** Whether the file has begun (its schema is written). */
  get started(): boolean {
    return this._started;
  }
  protected override _write(chunk: Parameters<typeof util.toUint8Array>[0]): this {
    if (!this._started) return this;
    const bytes: Uint8Array = ArrayBuffer.isView(chunk)
      ? new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      : (util.toUint8Array(chunk) as Uint8Array);
    if (bytes.byteLength > 0) {
      this.onBytes(bytes);
      this._position += bytes.byteLength;
    }
    return this;
  }
}

/** A table as a spec-conformant Arrow IPC file (see {@link IpcFileWriter}). */
export function tableToIpcFile(table: Table): Uint8Array {
  return new IpcFileWriter().writeAll(table).toUint8Array(true);
}

/**
 * A table with the same columns under `fields` (the same names and types, with
 * their metadata) and schema metadata `metadata`: each record batch is rebuilt
 * on the new schema, so that writers see one schema throughout.
 */
export function withSchema(table: Table, fields: Field[], metadata: Map<string, string>): Table {
  const schema = new Schema(fields, metadata);
  const batches = table.batches.map(
    (b) =>
      new RecordBatch(
        schema,
        makeData({
          type: new Struct(fields),
          length: b.numRows,
          nullCount: 0,
          children: b.data.children,
        }),
      ),
  );
  return new Table(schema, batches);
}
