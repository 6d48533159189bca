#!/usr/bin/env node
// Entry point: registers the TypeScript loader (tsx) so that the CLI, the engine and
// user scenario files (.ts) load without a build step, then hands over to cli/main.ts.
import { register } from "tsx/esm/api";

register();
// A closed pipe (`tokensim params baseline | head`) is a normal end, not a crash.
process.stdout.on("error", (err) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
