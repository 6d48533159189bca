/**
 * Converts the notebooks' percent-format TypeScript sources (notebooks/*.ts)
 * into Jupyter notebooks for the Deno kernel (notebooks/*.ipynb, no outputs yet:
 * `npm run notebooks` executes them in place).
 *
 * Format (as in Jupytext's "percent" format):
 *   // %% [markdown]      starts a Markdown cell; its lines are `// text` comments
 *   // %%                 starts a code cell
 * Text before the first marker is a code cell; blank lines around a cell are
 * dropped, and so are empty cells. Cell ids are `<notebook>-<n>`, so a source
 * converts to the same bytes every time.
 *
 * Usage: tsx scripts/notebooks/convert.ts [notebooks/01-x.ts ...]  (default: every notebooks/*.ts)
 *        tsx scripts/notebooks/convert.ts --check notebooks/01-x.ipynb ...  (outputs present?)
 *        tsx scripts/notebooks/convert.ts --png notebooks/01-x.ipynb ...    (PNG next to each SVG)
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Cell {
  id: string;
  cell_type: "markdown" | "code";
  metadata: Record<string, never>;
  source: string[];
  execution_count?: null;
  outputs?: never[];
}

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: 4;
  nbformat_minor: 5;
}

const MARKER = /^\/\/ ?%%(.*)$/;

/** Splits text into Jupyter's source lines (each but the last keeps its "\n"). */
function sourceLines(lines: string[]): string[] {
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l));
}

function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === "") a++;
  while (b > a && lines[b - 1]!.trim() === "") b--;
  return lines.slice(a, b);
}

/** Converts a percent-format source into a notebook for the Deno kernel. */
export function percentToNotebook(source: string, name: string): Notebook {
  const chunks: { type: "markdown" | "code"; lines: string[] }[] = [];
  let current: { type: "markdown" | "code"; lines: string[] } = { type: "code", lines: [] };
  chunks.push(current);
  for (const line of source.replace(/\r\n/g, "\n").split("\n")) {
    const m = MARKER.exec(line);
    if (m) {
      const tag = m[1]!.trim();
      if (tag !== "" && tag !== "[markdown]" && tag !== "[md]")
        throw new Error(
          `${name}: unknown cell marker '${line}' (use '// %%' or '// %% [markdown]')`,
        );
      current = { type: tag === "" ? "code" : "markdown", lines: [] };
      chunks.push(current);
      continue;
    }
    if (current.type === "markdown") {
      if (line.trim() === "") current.lines.push("");
      else if (/^\s*\/\/ ?/.test(line)) current.lines.push(line.replace(/^\s*\/\/ ?/, ""));
      else
        throw new Error(
          `${name}: line in a Markdown cell is not a '//' comment: '${line}' (start a code cell with '// %%')`,
        );
    } else current.lines.push(line);
  }
  const cells: Cell[] = [];
  for (const chunk of chunks) {
    const lines = trimBlank(chunk.lines);
    if (lines.length === 0) continue;
    const id = `${name}-${cells.length + 1}`;
    cells.push(
      chunk.type === "markdown"
        ? { id, cell_type: "markdown", metadata: {}, source: sourceLines(lines) }
        : {
            id,
            cell_type: "code",
            metadata: {},
            source: sourceLines(lines),
            execution_count: null,
            outputs: [],
          },
    );
  }
  return {
    cells,
    metadata: {
      kernelspec: { name: "deno", display_name: "Deno", language: "typescript" },
      language_info: {
        name: "typescript",
        file_extension: ".ts",
        mimetype: "text/x.typescript",
        codemirror_mode: "typescript",
        nbconvert_exporter: "script",
        pygments_lexer: "typescript",
      },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

/** The notebook as Jupyter writes it (one-space indent, trailing newline). */
export function notebookJson(nb: Notebook): string {
  return `${JSON.stringify(nb, null, 1)}\n`;
}

/**
 * Code cells that call `show(` but have no output after execution: the Deno
 * kernel can report a cell finished before its display messages arrive, and a
 * headless runner then drops them (notebooks/lib/display.ts `show` waits a
 * little to prevent it; this catches it if it happens anyway).
 */
export function missingOutputs(nb: {
  cells: { id?: string; cell_type: string; source: string[] | string; outputs?: unknown[] }[];
}): string[] {
  return nb.cells
    .filter((c) => c.cell_type === "code")
    .filter((c) => /\bshow\(/.test(Array.isArray(c.source) ? c.source.join("") : c.source))
    .filter((c) => (c.outputs ?? []).length === 0)
    .map((c, i) => c.id ?? `cell ${i}`);
}

interface Output {
  data?: Record<string, unknown>;
}

/**
 * Adds an `image/png` rendering next to every `image/svg+xml` output that has
 * none, so that viewers without SVG support (some code-hosting previews) still
 * show the chart; Jupyter and VS Code keep showing the SVG. `rasterize` turns
 * SVG text into PNG bytes. Returns how many outputs it added a PNG to.
 */
export function addPngFallbacks(
  nb: { cells: { outputs?: Output[] }[] },
  rasterize: (svg: string) => Uint8Array,
): number {
  let n = 0;
  for (const cell of nb.cells)
    for (const out of cell.outputs ?? []) {
      const data = out.data;
      if (!data || data["image/svg+xml"] === undefined || data["image/png"] !== undefined) continue;
      const svg = data["image/svg+xml"];
      const text = Array.isArray(svg) ? svg.join("") : String(svg);
      data["image/png"] = `${Buffer.from(rasterize(text)).toString("base64")}\n`;
      // Jupyter writes mimebundles with sorted keys.
      out.data = Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : 1)));
      n++;
    }
  return n;
}

/** SVG → PNG through librsvg's rsvg-convert (Debian: librsvg2-bin), at 1.5× for sharp text. */
export function rsvgConvert(svg: string): Uint8Array {
  return execFileSync("rsvg-convert", ["--zoom", "1.5", "--format", "png"], {
    input: svg,
    maxBuffer: 64 * 1024 * 1024,
  });
}

/** The notebook sources: notebooks/NN-*.ts. */
export function notebookSources(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d\d-.*\.ts$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === process.argv[1] &&
  process.argv[2] === "--check"
) {
  // --check nb.ipynb...: exit 1 naming the cells whose outputs are missing.
  let bad = 0;
  for (const file of process.argv.slice(3)) {
    const missing = missingOutputs(JSON.parse(readFileSync(file, "utf8")));
    if (missing.length > 0) {
      console.error(`${file}: no output from ${missing.join(", ")}`);
      bad++;
    }
  }
  process.exit(bad > 0 ? 1 : 0);
} else if (
  process.argv[1] &&
  fileURLToPath(import.meta.url) === process.argv[1] &&
  process.argv[2] === "--png"
) {
  // --png nb.ipynb...: add PNG renderings of the SVG charts (needs rsvg-convert).
  for (const file of process.argv.slice(3)) {
    const nb = JSON.parse(readFileSync(file, "utf8"));
    const n = addPngFallbacks(nb, rsvgConvert);
    if (n > 0) writeFileSync(file, notebookJson(nb));
    console.error(`${file}: ${n} PNG rendering(s) added`);
  }
} else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = fileURLToPath(new URL("../../notebooks/", import.meta.url));
  const files = process.argv.length > 2 ? process.argv.slice(2) : notebookSources(dir);
  for (const file of files) {
    const name = basename(file, ".ts");
    const out = file.replace(/\.ts$/, ".ipynb");
    writeFileSync(out, notebookJson(percentToNotebook(readFileSync(file, "utf8"), name)));
    console.log(`${file} -> ${out}`);
  }
}
