import { readFileSync } from "node:fs";

/** The tokensim package version, recorded in every run summary. */
export const version: string = (
  JSON.parse(
    readFileSync(
      // engine/version.ts from source; dist/engine/version.js in the compiled package.
      new URL(
        import.meta.url.endsWith(".ts") ? "../package.json" : "../../package.json",
        import.meta.url,
      ),
      "utf8",
    ),
  ) as {
    version: string;
  }
).version;
