#!/usr/bin/env node
// Entry point. The installed package runs its compiled JavaScript (dist/), and
// registers the TypeScript loader (tsx) only when a .ts scenario is loaded. A
// checkout (the sources are present) runs the sources through tsx, so that an
// edit takes effect without a build.
import { existsSync } from "node:fs";

// A closed pipe (`tokensim params baseline | head`) is a normal end, not a crash.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
const fromSource = existsSync(new URL("../cli/main.ts", import.meta.url));
let main;
if (fromSource) {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../cli/main.ts"));
} else {
  ({ main } = await import("../dist/cli/main.js"));
}
process.exitCode = await main(process.argv.slice(2));
