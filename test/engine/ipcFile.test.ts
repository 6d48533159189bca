import { tableFromArrays, tableFromIPC } from "apache-arrow";
import { describe, expect, it } from "vitest";
import { MemorySink } from "../../engine/metrics/arrow.ts";
import { tableToIpcFile } from "../../engine/metrics/ipcFile.ts";
import { runSimulation } from "../../engine/pipeline/run.ts";
import { smallBaseline } from "./helpers.ts";

/**
 * The Arrow IPC file format is `ARROW1`, padding, the stream format (Schema
 * message first, then record batches, then end-of-stream), the footer, its
 * length and `ARROW1` again. Readers that read the stream body (DuckDB) need the
 * Schema message there; apache-arrow's JS file writer leaves it out.
 */
function streamBody(file: Uint8Array): Uint8Array {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const magic = new TextDecoder().decode(file.subarray(0, 6));
  expect(magic).toBe("ARROW1");
  expect(new TextDecoder().decode(file.subarray(file.length - 6))).toBe("ARROW1");
  const footerLength = view.getInt32(file.length - 10, true);
  return file.subarray(8, file.length - 10 - footerLength);
}

function expectSchemaFirst(file: Uint8Array): void {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  // The first message after the magic: continuation marker, metadata length, then a
  // flatbuffer Message whose header type is Schema (1).
  expect(view.getUint32(8, true)).toBe(0xffffffff);
  const metaLength = view.getInt32(12, true);
  expect(metaLength).toBeGreaterThan(0);
  const body = streamBody(file);
  // Read as a stream, which must start with the Schema message.
  const fromStream = tableFromIPC(body);
  const fromFile = tableFromIPC(file);
  expect(fromStream.numRows).toBe(fromFile.numRows);
  expect(fromStream.schema.fields.map((f) => f.name)).toEqual(
    fromFile.schema.fields.map((f) => f.name),
  );
  for (const f of fromFile.schema.fields) {
    expect(Array.from(fromStream.getChild(f.name)!.toArray() as ArrayLike<number>)).toEqual(
      Array.from(fromFile.getChild(f.name)!.toArray() as ArrayLike<number>),
    );
  }
}

describe("Arrow IPC files", () => {
  it("a run's steps.arrow has the Schema message after the magic, and its stream body reads alone", async () => {
    const { scenario, params } = await smallBaseline(["sim.steps=100"]);
    const sink = new MemorySink();
    await runSimulation({ scenario, params, seed: 1 }, sink, { batchRows: 32 });
    const file = sink.bytes();
    expectSchemaFirst(file);
    const t = tableFromIPC(streamBody(file));
    expect(t.numRows).toBe(100);
    // Field metadata (units) travel in the Schema message too.
    expect(t.schema.fields.find((f) => f.name === "priceUsd")!.metadata.get("unit")).toBe(
      "USD/token",
    );
  });

  it("tables written by tableToIpcFile (runs.arrow, sweep.arrow, dashboard files) do too", () => {
    const file = tableToIpcFile(tableFromArrays({ a: Float64Array.from([1, 2, 3]) }));
    expectSchemaFirst(file);
  });
});
