import { pathToFileURL } from "node:url";

/** True when this module itself runs from TypeScript source (a loader is already active). */
const runningFromSource = import.meta.url.endsWith(".ts");
let loaderRegistered = false;

/**
 * Imports a module by file path. A TypeScript file (`.ts`, `.mts`, `.cts`) gets
 * the tsx loader registered first, once per thread, when tokensim itself runs as
 * compiled JavaScript (the installed package); JavaScript files load without it.
 */
export async function importFile(path: string): Promise<Record<string, unknown>> {
  if (/\.[cm]?tsx?$/.test(path) && !runningFromSource && !loaderRegistered) {
    const { register } = await import("tsx/esm/api");
    register();
    loaderRegistered = true;
  }
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}
