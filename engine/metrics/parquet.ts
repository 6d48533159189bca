/**
 * Parquet copies of Arrow results, for tools that prefer Parquet (DuckDB and
 * polars read it without extensions). The conversion is parquet-wasm's (the Rust
 * arrow-rs writer): every column, null and type carries over, and the Arrow
 * schema with its units, descriptions and metadata is kept in the file's
 * `ARROW:schema` entry, so Arrow-aware readers get it back.
 */
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { TokensimError } from "../errors.ts";
import { writeFileAtomic } from "../sweep/manifest.ts";

type ParquetWasm = typeof import("parquet-wasm/node");
let wasm: ParquetWasm | undefined;

/** parquet-wasm, loaded on first use (its WebAssembly module is 5 MB). */
async function parquetWasm(): Promise<ParquetWasm> {
  wasm ??= await import("parquet-wasm/node");
  return wasm;
}

/** A Parquet file (zstd-compressed columns) with the contents of an Arrow IPC file. */
async function arrowToParquet(arrowFile: Uint8Array): Promise<Uint8Array> {
  const pw = await parquetWasm();
  const stream = tableToIPC(tableFromIPC(arrowFile), "stream");
  const table = pw.Table.fromIPCStream(stream);
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.ZSTD).build();
  return pw.writeParquet(table, props);
}

/** The `.arrow` files under `dir` (sorted; symbolic links and temp files skipped). */
function arrowFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = lstatSync(path);
      if (st.isSymbolicLink()) continue;
      if (st.isDirectory()) walk(path);
      else if (st.isFile() && name.endsWith(".arrow")) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/**
 * Writes a `.parquet` beside each `.arrow` file of a run or sweep folder (or of
 * one file), keeping the folder layout (a sweep's hive-partitioned `steps/`
 * stays partitioned). Each file is written atomically. Returns the files written.
 */
export async function exportParquet(
  target: string,
  onFile?: (arrow: string, parquet: string) => void,
): Promise<string[]> {
  let st: ReturnType<typeof lstatSync>;
  try {
    st = lstatSync(target);
  } catch {
    throw new TokensimError("TOKENSIM_EXPORT", `${target}: no such file or folder`);
  }
  const files = st.isDirectory() ? arrowFiles(target) : [target];
  if (!st.isDirectory() && !target.endsWith(".arrow"))
    throw new TokensimError("TOKENSIM_EXPORT", `${target}: not an .arrow file or a results folder`);
  if (files.length === 0)
    throw new TokensimError("TOKENSIM_EXPORT", `${target}: holds no .arrow file to export`);
  const written: string[] = [];
  for (const arrow of files) {
    let bytes: Uint8Array;
    try {
      bytes = await arrowToParquet(readFileSync(arrow));
    } catch (err) {
      const where = st.isDirectory() ? relative(target, arrow) : arrow;
      throw new TokensimError(
        "TOKENSIM_EXPORT",
        `${where}: not a readable Arrow file (${(err as Error).message.split("\n")[0]})`,
      );
    }
    const parquet = `${arrow.slice(0, -".arrow".length)}.parquet`;
    writeFileAtomic(parquet, bytes);
    written.push(parquet);
    onFile?.(arrow, parquet);
  }
  return written;
}
