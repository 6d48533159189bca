import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

/** The built page: HTML shell, script bundle and stylesheet. */
export interface PageBundle {
  html: string;
  js: string;
  css: string;
}

/** Running from the sources (tsx), or from the compiled package (dist/, page prebuilt). */
const fromSource = import.meta.url.endsWith(".ts");
/** The page's sources (dashboard/page/), or the compiled package's prebuilt page (dist/dashboard/page/). */
const pageDir = new URL(fromSource ? "../page/" : "../dashboard/page/", import.meta.url);
/** Where a source build writes the bundle (ignored by git): dashboard/dist/. */
const DIST_DIR = new URL("../dist/", import.meta.url);

/**
 * Bundles the page (dashboard/page/main.ts with apache-arrow and Observable
 * Plot) with esbuild into dashboard/dist/, nothing fetched at run time. The
 * compiled package ships the page built (`scripts/build.mjs`) and reads it.
 */
export async function buildPage(): Promise<PageBundle> {
  const css = readFileSync(new URL("style.css", pageDir), "utf8");
  const html = readFileSync(new URL("index.html", pageDir), "utf8");
  if (!fromSource) return { html, css, js: readFileSync(new URL("app.js", pageDir), "utf8") };
  const { build } = await import("esbuild");
  const result = await build({
    entryPoints: [new URL("main.ts", pageDir).pathname],
    ...PAGE_BUILD,
    write: false,
    outfile: "app.js",
  });
  const js = result.outputFiles[0]!.text;
  mkdirSync(DIST_DIR, { recursive: true });
  writeFileSync(new URL("app.js", DIST_DIR), js);
  writeFileSync(new URL("app.css", DIST_DIR), css);
  writeFileSync(new URL("index.html", DIST_DIR), html);
  return { html, js, css };
}

/** esbuild options of the page bundle (scripts/build.mjs uses the same for the package). */
const PAGE_BUILD = {
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: true,
  legalComments: "none",
  logLevel: "silent",
} as const;
