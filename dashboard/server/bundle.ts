import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

/** The built page: HTML shell, script bundle and stylesheet. */
export interface PageBundle {
  html: string;
  js: string;
  css: string;
}

const pageDir = new URL("../page/", import.meta.url);
/** Where the bundle is written (ignored by git): dashboard/dist/. */
export const DIST_DIR = new URL("../dist/", import.meta.url);

/**
 * Bundles the page (dashboard/page/main.ts with apache-arrow and Observable
 * Plot) with esbuild into dashboard/dist/, nothing fetched at run time.
 */
export async function buildPage(): Promise<PageBundle> {
  const result = await build({
    // main.ts from source; main.js in the compiled package.
    entryPoints: [
      new URL(import.meta.url.endsWith(".ts") ? "main.ts" : "main.js", pageDir).pathname,
    ],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    legalComments: "none",
    write: false,
    outfile: "app.js",
    logLevel: "silent",
  });
  const js = result.outputFiles[0]!.text;
  const css = readFileSync(new URL("style.css", pageDir), "utf8");
  const html = readFileSync(new URL("index.html", pageDir), "utf8");
  mkdirSync(DIST_DIR, { recursive: true });
  writeFileSync(new URL("app.js", DIST_DIR), js);
  writeFileSync(new URL("app.css", DIST_DIR), css);
  writeFileSync(new URL("index.html", DIST_DIR), html);
  return { html, js, css };
}
