import type { ScenarioReport } from "./runner.ts";

const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

/**
 * JUnit XML for CI systems: one testsuite per scenario, one testcase per
 * assertion, per step invariant, for the built-in invariants and per drift
 * metric. Inconclusive assertions are failures unless `allowInconclusive`
 * (then they are reported as skipped, with the interval).
 */
export function toJunitXml(reports: readonly ScenarioReport[], allowInconclusive: boolean): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const r of reports) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    const add = (name: string, body: string, kind: "pass" | "failure" | "error" | "skipped") => {
      if (kind === "failure") suiteFailures++;
      if (kind === "error") suiteErrors++;
      cases.push(
        `    <testcase classname="${esc(r.scenario)}" name="${esc(name)}">${body}</testcase>`,
      );
    };
    if (r.status === "error") {
      add("load and validate", `<error message="${esc(r.error ?? "error")}"/>`, "error");
    }
    for (const a of r.assertions) {
      const detail = `${a.statement}: estimate ${a.estimate} (${(a.confidence * 100).toFixed(0)}% CI ${a.interval.lower} to ${a.interval.upper}, ${a.method}, ${a.runs} runs)`;
      if (a.verdict === "pass") add(a.name, "", "pass");
      else if (a.verdict === "fail")
        add(a.name, `<failure message="${esc(`failed: ${detail}`)}"/>`, "failure");
      else if (allowInconclusive)
        add(a.name, `<skipped message="${esc(`inconclusive: ${detail}`)}"/>`, "skipped");
      else add(a.name, `<failure message="${esc(`inconclusive: ${detail}`)}"/>`, "failure");
    }
    if (r.status !== "error") {
      const builtin = r.builtinFailures
        .map((f) => `run ${f.runIndex} (seed ${f.seed}): ${f.message}`)
        .join("\n");
      add(
        "built-in invariants",
        builtin ? `<failure message="${esc(builtin)}"/>` : "",
        builtin ? "failure" : "pass",
      );
    }
    for (const s of r.stepInvariants) {
      const body = s.violations
        .map((v) => `run ${v.runIndex}: ${v.metric}=${v.value} at step ${v.step}`)
        .join("\n");
      add(
        `step invariant: ${s.name}`,
        body ? `<failure message="${esc(body)}"/>` : "",
        body ? "failure" : "pass",
      );
    }
    for (const d of r.drift ?? []) {
      const msg = `${d.metric} drifted from the baseline: median ${d.baselineMedian} -> ${d.currentMedian} (${d.medianShiftPct.toFixed(2)}%), KS D=${d.ksD.toFixed(3)}, p=${d.pValue.toExponential(2)}`;
      add(
        `drift: ${d.metric}`,
        d.drifted ? `<failure message="${esc(msg)}"/>` : "",
        d.drifted ? "failure" : "pass",
      );
    }
    tests += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
    suites.push(
      `  <testsuite name="${esc(r.scenario)}" file="${esc(r.file)}" tests="${cases.length}" failures="${suiteFailures}" errors="${suiteErrors}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tokensim check" tests="${tests}" failures="${failures}" errors="${errors}">\n${suites.join("\n")}\n</testsuites>\n`;
}
