import type { Columns } from "./arrowTable.ts";

function cell(v: unknown): string {
  // No value (an Arrow null, read as NaN) is an empty field.
  if (typeof v === "number" && Number.isNaN(v)) return "";
  const s = typeof v === "bigint" ? v.toString() : String(v ?? "");
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A decoded Arrow table as CSV (header row, RFC 4180 quoting, `\n` line ends). */
export function toCsv(cols: Columns): string {
  const data = cols.names.map((n) => cols.get(n) ?? cols.strings(n) ?? []);
  const lines = [cols.names.map(cell).join(",")];
  for (let i = 0; i < cols.numRows; i++) lines.push(data.map((c) => cell(c[i])).join(","));
  return `${lines.join("\n")}\n`;
}
