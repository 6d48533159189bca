/**
 * Reads a Parquet file with DuckDB (`@duckdb/node-api`, the native DuckDB library: a reader
 * of its own, not arrow-rs): column names and SQL types, null counts and every value.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import type { DataType } from "apache-arrow";

/** What DuckDB reads of one Parquet file. */
export interface DuckDbTable {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly nullCounts: Readonly<Record<string, number>>;
  /** Column values in row order (BIGINT as bigint, DOUBLE as number, NULL as null). */
  readonly values: Readonly<Record<string, readonly unknown[]>>;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Runs `sql` in a fresh in-memory database and returns its rows as plain objects (BIGINT as
 * bigint).
 */
export async function duckDbQuery(sql: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  try {
    return (await con.runAndReadAll(sql)).getRowObjectsJS();
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

/** A path as a SQL string literal. */
export const sqlPath = (path: string) => `'${path.replaceAll("'", "''")}'`;

/**
 * Reads `path` with `read_parquet`, in a fresh in-memory database. Hive partitioning is off:
 * DuckDB would otherwise take `point` from a `point=0001/` folder in the path, as the text
 * '0001', in place of the file's own integer column.
 */
export async function readParquetWithDuckDb(path: string): Promise<DuckDbTable> {
  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  try {
    const from = `read_parquet(${sqlPath(path)}, hive_partitioning = false)`;
    const described = await con.runAndReadAll(`DESCRIBE SELECT * FROM ${from}`);
    const columns = described.getRowObjectsJS().map((r) => ({
      name: String(r.column_name),
      type: String(r.column_type),
    }));
    const nulls = await con.runAndReadAll(
      `SELECT ${columns.map((c) => `count(*) - count(${quote(c.name)}) AS ${quote(c.name)}`).join(", ")} FROM ${from}`,
    );
    const counts = nulls.getRowObjectsJS()[0] ?? {};
    const nullCounts = Object.fromEntries(columns.map((c) => [c.name, Number(counts[c.name])]));
    const rows = await con.runAndReadAll(`SELECT * FROM ${from}`);
    const values = rows.getColumnsObjectJS() as Record<string, unknown[]>;
    return { columns, nullCounts, values };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

/** DuckDB's SQL type for an Arrow type, as `DESCRIBE` names it. */
export function duckDbTypeOf(type: DataType): string {
  const name = String(type);
  const known: Record<string, string> = {
    Bool: "BOOLEAN",
    Int8: "TINYINT",
    Int16: "SMALLINT",
    Int32: "INTEGER",
    Int64: "BIGINT",
    Uint8: "UTINYINT",
    Uint16: "USMALLINT",
    Uint32: "UINTEGER",
    Uint64: "UBIGINT",
    Float32: "FLOAT",
    Float64: "DOUBLE",
    Utf8: "VARCHAR",
    LargeUtf8: "VARCHAR",
  };
  if (name.startsWith("Dictionary<") && name.endsWith(", Utf8>")) return "VARCHAR";
  const t = known[name];
  if (!t) throw new Error(`no DuckDB type known for Arrow ${name}`);
  return t;
}
