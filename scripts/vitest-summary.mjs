// One line from a vitest JSON report, for .ci/run: tests passed, failed and
// skipped, and suites that failed outside any test (a hook that timed out, a file
// that did not load), whose tests vitest reports as skipped rather than failed.
// Exits 1 when anything failed, so a green summary line is never printed for a red run.
import { readFileSync } from "node:fs";

const [file, label] = process.argv.slice(2);
const r = JSON.parse(readFileSync(file, "utf8"));
const suitesFailed = r.testResults.filter(
  (s) => s.status === "failed" && s.assertionResults.every((a) => a.status !== "failed"),
);
const skipped = r.numPendingTests + r.numTodoTests;
console.log(
  `${label}: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped, ${suitesFailed.length} files failed outside their tests${suitesFailed.length ? ` (${suitesFailed.map((s) => s.name.split("/").slice(-2).join("/")).join(", ")})` : ""}`,
);
process.exit(r.numFailedTests + suitesFailed.length > 0 ? 1 : 0);
