import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  addPngFallbacks,
  missingOutputs,
  notebookJson,
  notebookSources,
  percentToNotebook,
} from "../../scripts/notebooks/convert.ts";

const src = [
  "// %% [markdown]",
  "// # Title",
  "//",
  "// Some *text*.",
  "",
  "// %%",
  'import { x } from "./lib/x.ts";',
  "",
  "const y = x + 1;",
  "",
  "",
  "// %%",
  "",
  "// %% [markdown]",
  "//Closing words.",
  "",
].join("\n");

describe("percentToNotebook", () => {
  const nb = percentToNotebook(src, "01-test");

  it("splits markdown and code cells at the markers, dropping empty cells", () => {
    expect(nb.cells.map((c) => c.cell_type)).toEqual(["markdown", "code", "markdown"]);
    expect(nb.cells[0]!.source).toEqual(["# Title\n", "\n", "Some *text*."]);
    expect(nb.cells[1]!.source).toEqual([
      'import { x } from "./lib/x.ts";\n',
      "\n",
      "const y = x + 1;",
    ]);
    expect(nb.cells[2]!.source).toEqual(["Closing words."]);
  });

  it("gives code cells empty outputs and every cell a stable id", () => {
    expect(nb.cells[1]).toMatchObject({ execution_count: null, outputs: [] });
    expect(nb.cells.map((c) => c.id)).toEqual(["01-test-1", "01-test-2", "01-test-3"]);
    expect(notebookJson(percentToNotebook(src, "01-test"))).toBe(notebookJson(nb));
  });

  it("targets the Deno kernel, nbformat 4.5", () => {
    expect(nb.metadata.kernelspec).toEqual({
      name: "deno",
      display_name: "Deno",
      language: "typescript",
    });
    expect([nb.nbformat, nb.nbformat_minor]).toEqual([4, 5]);
    expect(notebookJson(nb).endsWith("}\n")).toBe(true);
  });

  it("keeps text before the first marker as a code cell", () => {
    const n = percentToNotebook("const a = 1;\n// %% [markdown]\n// hi\n", "x");
    expect(n.cells.map((c) => [c.cell_type, c.source.join("")])).toEqual([
      ["code", "const a = 1;"],
      ["markdown", "hi"],
    ]);
  });

  it("rejects code inside a markdown cell and unknown markers", () => {
    expect(() => percentToNotebook("// %% [markdown]\nconst a = 1;\n", "x")).toThrow(
      /not a '\/\/' comment/,
    );
    expect(() => percentToNotebook("// %% [raw]\n", "x")).toThrow(/unknown cell marker/);
  });
});

describe("missingOutputs", () => {
  it("names the code cells that call show() but have no output", () => {
    const nb = {
      cells: [
        { id: "a", cell_type: "code", source: ["await show(x);"], outputs: [] },
        { id: "b", cell_type: "code", source: ["await show(y);"], outputs: [{}] },
        { id: "c", cell_type: "code", source: ["const z = 1;"], outputs: [] },
        { id: "d", cell_type: "markdown", source: ["show("] },
      ],
    };
    expect(missingOutputs(nb)).toEqual(["a"]);
  });
});

describe("the committed notebooks", () => {
  const dir = new URL("../../notebooks/", import.meta.url).pathname;
  for (const file of notebookSources(dir)) {
    it(`${file.slice(dir.length)}: the .ipynb matches its .ts source and has its outputs`, () => {
      const name = file.slice(dir.length, -3);
      const fresh = percentToNotebook(readFileSync(file, "utf8"), name);
      const committed = JSON.parse(readFileSync(file.replace(/\.ts$/, ".ipynb"), "utf8"));
      const strip = (cells: { cell_type: string; source: string[] | string }[]) =>
        cells.map((c) => [c.cell_type, Array.isArray(c.source) ? c.source.join("") : c.source]);
      expect(strip(committed.cells)).toEqual(strip(fresh.cells));
      expect(missingOutputs(committed)).toEqual([]);
      expect(
        committed.cells.flatMap((c: { outputs?: { output_type: string }[] }) => c.outputs ?? []),
      ).not.toContainEqual(expect.objectContaining({ output_type: "error" }));
    });
  }
});

describe("addPngFallbacks", () => {
  it("adds a PNG rendering next to each SVG output, once, with sorted mime keys", () => {
    const nb = {
      cells: [
        { outputs: [{ data: { "text/plain": "chart", "image/svg+xml": ["<svg>", "</svg>"] } }] },
        { outputs: [{ data: { "text/markdown": "hi" } }] },
        {},
      ],
    };
    const seen: string[] = [];
    const raster = (svg: string) => {
      seen.push(svg);
      return new Uint8Array([1, 2, 3]);
    };
    expect(addPngFallbacks(nb, raster)).toBe(1);
    expect(seen).toEqual(["<svg></svg>"]);
    const data = nb.cells[0]!.outputs![0]!.data as Record<string, unknown>;
    expect(Object.keys(data)).toEqual(["image/png", "image/svg+xml", "text/plain"]);
    expect(data["image/png"]).toBe("AQID\n");
    expect(addPngFallbacks(nb, raster)).toBe(0);
  });
});
