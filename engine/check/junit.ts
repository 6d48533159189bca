import { reportFails, type ScenarioReport } from "./runner.ts";

const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");

/**
 * The one verdict of a scenario's check, as the exit code, the text report, the
 * JSON report and JUnit all state it: "error" (the scenario could not be
 * checked), "fail" (an assertion, invariant or drift failed, or an assertion is
 * inconclusive without `allowInconclusive`), else "pass".
 */
export function checkVerdict(
  r: ScenarioReport,
  allowInconclusive: boolean,
): "pass" | "fail" | "error" {
  if (r.status === "error") return "error";
  return reportFails(r, allowInconclusive) ? "fail" : "pass";
}

/** A failure or error element: the first line as its message, the whole text as its body. */
function problem(tag: "failure" | "error", type: string, text: string): string {
  const first = text.split("\n", 1)[0]!;
  return `<${tag} type="${esc(type)}" message="${esc(first)}">${esc(text)}</${tag}>`;
}

/**
 * JUnit XML for CI systems: one testsuite per scenario, one testcase per
 * assertion, per step invariant, for the built-in invariants and per drift
 * metric. Inconclusive assertions are failures unless `allowInconclusive`
 * (then they are reported as skipped, with the interval). Failures carry a
 * `type` (assertion, inconclusive, invariant, step-invariant, drift), their first
 * line as `message` and the whole text as the element's body; suites carry
 * `skipped` and, when `secondsByFile` gives it, `time` (wall-clock seconds).
 */
export function toJunitXml(
  reports: readonly ScenarioReport[],
  allowInconclusive: boolean,
  secondsByFile?: ReadonlyMap<string, number>,
): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  let time = 0;
  for (const r of reports) {
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    let suiteSkipped = 0;
    const add = (name: string, body: string, kind: "pass" | "failure" | "error" | "skipped") => {
      if (kind === "failure") suiteFailures++;
      if (kind === "error") suiteErrors++;
      if (kind === "skipped") suiteSkipped++;
      cases.push(
        `    <testcase classname="${esc(r.scenario)}" name="${esc(name)}">${body}</testcase>`,
      );
    };
    if (r.status === "error") {
      add("load and validate", problem("error", "scenario", r.error ?? "error"), "error");
    }
    for (const a of r.assertions) {
      const detail = `${a.statement}: estimate ${a.estimate} (${(a.confidence * 100).toFixed(0)}% CI ${a.interval.lower} to ${a.interval.upper}, ${a.method}, ${a.runs} runs)`;
      if (a.verdict === "pass") add(a.name, "", "pass");
      else if (a.verdict === "fail")
        add(a.name, problem("failure", "assertion", `failed: ${detail}`), "failure");
      else if (allowInconclusive)
        add(a.name, `<skipped message="${esc(`inconclusive: ${detail}`)}"/>`, "skipped");
      else add(a.name, problem("failure", "inconclusive", `inconclusive: ${detail}`), "failure");
    }
    if (r.status !== "error") {
      const builtin = r.builtinFailures
        .map((f) => `run ${f.runIndex} (seed ${f.seed}): ${f.message}`)
        .join("\n");
      add(
        "built-in invariants",
        builtin ? problem("failure", "invariant", builtin) : "",
        builtin ? "failure" : "pass",
      );
    }
    for (const s of r.stepInvariants) {
      const body = s.violations
        .map((v) => `run ${v.runIndex}: ${v.metric}=${v.value} at step ${v.step}`)
        .join("\n");
      add(
        `step invariant: ${s.name}`,
        body ? problem("failure", "step-invariant", body) : "",
        body ? "failure" : "pass",
      );
    }
    for (const d of r.drift ?? []) {
      const msg = `${d.metric} drifted from the baseline: median ${d.baselineMedian} -> ${d.currentMedian} (${d.medianShiftPct.toFixed(2)}%), KS D=${d.ksD.toFixed(3)}, p=${d.pValue.toExponential(2)}`;
      add(
        `drift: ${d.metric}`,
        d.drifted ? problem("failure", "drift", msg) : "",
        d.drifted ? "failure" : "pass",
      );
    }
    tests += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
    skipped += suiteSkipped;
    const seconds = secondsByFile?.get(r.file);
    if (seconds !== undefined) time += seconds;
    const timeAttr = seconds !== undefined ? ` time="${seconds.toFixed(3)}"` : "";
    suites.push(
      `  <testsuite name="${esc(r.scenario)}" file="${esc(r.file)}" tests="${cases.length}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="${suiteSkipped}"${timeAttr}>\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  const totalTime = secondsByFile ? ` time="${time.toFixed(3)}"` : "";
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="tokensim check" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}"${totalTime}>\n${suites.join("\n")}\n</testsuites>\n`;
}
