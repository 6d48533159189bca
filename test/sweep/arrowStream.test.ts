import {
  type Field,
  type Float64,
  type Int32,
  makeData,
  RecordBatch,
  Struct,
  Table,
  tableFromIPC,
} from "apache-arrow";
import { describe, expect, it } from "vitest";
import {
  ArrowFileStream,
  arrowSchema,
  type ByteSink,
  DISCARD_SINK,
  MemorySink,
} from "../../engine/metrics/arrow.ts";
import { tableToIpcFile } from "../../engine/metrics/ipcFile.ts";

const layout = {
  intColumns: [{ name: "step", unit: "steps", description: "step number" }],
  floatColumns: [
    { name: "price", unit: "USD", description: "token price" },
    { name: "supply", unit: "tokens", description: "circulating supply" },
  ],
  metadata: { "tokensim.scenario": "test" },
};

/** The batch of rows `from..from+length-1`: step, price = step / 4, supply = 1000 + step. */
function fill(ints: Int32Array[], floats: Float64Array[], from: number, length: number): void {
  for (let r = 0; r < length; r++) {
    ints[0]![r] = from + r;
    floats[0]![r] = (from + r) / 4;
    floats[1]![r] = 1000 + from + r;
  }
}

/** A sink that records each write's size and a copy of its bytes. */
class CountingSink implements ByteSink {
  readonly writes: number[] = [];
  readonly inner = new MemorySink();
  closed = false;
  aborted = false;
  write(chunk: Uint8Array): void {
    this.writes.push(chunk.byteLength);
    this.inner.write(chunk);
  }
  close(): void {
    this.closed = true;
  }
  abort(): void {
    this.aborted = true;
  }
}

/** Writes 3 batches of 5, 5 and 2 rows through one set of reused column arrays. */
async function threeBatches(sink: ByteSink): Promise<void> {
  const stream = new ArrowFileStream(arrowSchema(layout), sink);
  const ints = [new Int32Array(5)];
  const floats = [new Float64Array(5), new Float64Array(5)];
  for (const [from, length] of [
    [0, 5],
    [5, 5],
    [10, 2],
  ] as const) {
    fill(ints, floats, from, length);
    stream.writeColumns(ints, floats, length);
    await stream.drain();
  }
  await stream.finish();
}

describe("ArrowFileStream", () => {
  it("encodes each batch before writeColumns returns: reused column arrays keep every row", async () => {
    const sink = new CountingSink();
    await threeBatches(sink);
    const table = tableFromIPC(sink.inner.bytes());
    expect(table.numRows).toBe(12);
    expect(table.batches.map((b) => b.numRows)).toEqual([5, 5, 2]);
    expect(Array.from(table.getChild("step")!.toArray() as Int32Array)).toEqual(
      Array.from({ length: 12 }, (_, i) => i),
    );
    expect(Array.from(table.getChild("price")!.toArray() as Float64Array)).toEqual(
      Array.from({ length: 12 }, (_, i) => i / 4),
    );
    expect(table.schema.fields[1]!.metadata.get("unit")).toBe("USD");
  });

  it("hands the sink one write per batch (the schema with the first) and one for the footer", async () => {
    const sink = new CountingSink();
    await threeBatches(sink);
    expect(sink.writes).toHaveLength(4);
    expect(sink.closed).toBe(true);
  });

  it("writes the same bytes as apache-arrow's queued writer given the same batches", async () => {
    const sink = new MemorySink();
    await threeBatches(sink);
    const schema = arrowSchema(layout);
    const batches = [
      [0, 5],
      [5, 5],
      [10, 2],
    ].map(([from, length]) => {
      const ints = [new Int32Array(length!)];
      const floats = [new Float64Array(length!), new Float64Array(length!)];
      fill(ints, floats, from!, length!);
      const children = [...ints, ...floats].map((data, k) =>
        makeData({
          type: schema.fields[k]!.type as Int32 | Float64,
          length: length!,
          nullCount: 0,
          data,
        } as never),
      );
      const fields = schema.fields as Field[];
      return new RecordBatch(
        schema,
        makeData({ type: new Struct(fields), length: length!, nullCount: 0, children }),
      );
    });
    expect(Buffer.from(sink.bytes())).toEqual(
      Buffer.from(tableToIpcFile(new Table(schema, batches))),
    );
  });

  it("an empty stream is a valid file with the schema and no rows", async () => {
    const sink = new MemorySink();
    await new ArrowFileStream(arrowSchema(layout), sink).finish();
    const table = tableFromIPC(sink.bytes());
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(["step", "price", "supply"]);
  });

  it("keeps a sink's error for drain() and finish(), writes nothing after it, and abort() reaches the sink", async () => {
    let writes = 0;
    const sink: ByteSink & { aborted: boolean } = {
      aborted: false,
      write() {
        writes++;
        throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
      },
      close() {
        throw new Error("a failed stream must not close its sink");
      },
      abort() {
        this.aborted = true;
      },
    };
    const stream = new ArrowFileStream(arrowSchema(layout), sink);
    const ints = [new Int32Array(2)];
    const floats = [new Float64Array(2), new Float64Array(2)];
    fill(ints, floats, 0, 2);
    expect(() => stream.writeColumns(ints, floats, 2)).not.toThrow();
    await expect(stream.drain()).rejects.toThrow(/ENOSPC/);
    stream.writeColumns(ints, floats, 2);
    await expect(stream.finish()).rejects.toThrow(/ENOSPC/);
    expect(writes).toBe(1);
    await stream.abort();
    expect(sink.aborted).toBe(true);
  });

  it("encodes nothing into DISCARD_SINK, and still finishes", async () => {
    const stream = new ArrowFileStream(arrowSchema(layout), DISCARD_SINK);
    // A column that cannot be read: encoding it would throw.
    const unreadable = {
      subarray(): never {
        throw new Error("the column was read");
      },
    } as unknown as Float64Array;
    expect(() =>
      stream.writeColumns([new Int32Array(5)], [unreadable, unreadable], 5),
    ).not.toThrow();
    await expect(stream.drain()).resolves.toBeUndefined();
    await expect(stream.finish()).resolves.toBeUndefined();
    // The same column into a sink that keeps bytes is read.
    const kept = new ArrowFileStream(arrowSchema(layout), new MemorySink());
    expect(() => kept.writeColumns([new Int32Array(5)], [unreadable, unreadable], 5)).toThrow(
      /was read/,
    );
  });
});
