import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, join, resolve, sep } from "node:path";
import {
  BadNameError,
  CorruptResultError,
  insideDir,
  NotFoundError,
  readInside,
  safeName,
} from "./resultStore.ts";

/**
 * What a study folder holds: an optimisation (`tokensim optimize`: study.json,
 * optimize.json, history.arrow), a stress search (`tokensim stress`: the same
 * plus stress.json), a stress comparison (`stress --compare`: compare.json
 * and one stress folder per value), or a fit or counterfactual
 * (`tokensim fit`, `tokensim counterfactual`: hindcast.json), or a rare-event
 * estimate (`tokensim rare`: rare.json, rare.arrow).
 */
export type StudyKind =
  | "optimize"
  | "stress"
  | "stress-compare"
  | "hindcast"
  | "rare"
  // A multi-network study (`tokensim compete`: networks.json, networks.arrow, a run folder per network).
  | "networks";

/** A study folder as the catalogue lists it. */
export interface StudyInfo {
  id: string;
  kind: StudyKind;
  scenario: string;
  /** The result file is written (optimize.json, stress.json or compare.json): the study ended. */
  complete: boolean;
  /** One line: the algorithm and goals, or the stress target. */
  summary: string;
}

/** The kind of study folder `dir` holds, or undefined when it holds none. */
export function studyKind(dir: string): StudyKind | undefined {
  if (existsSync(join(dir, "hindcast.json"))) return "hindcast";
  if (existsSync(join(dir, "rare.json"))) return "rare";
  if (existsSync(join(dir, "networks.json"))) return "networks";
  if (existsSync(join(dir, "compare.json"))) return "stress-compare";
  if (existsSync(join(dir, "stress.json")) || existsSync(join(dir, "stress-scenario.mts")))
    return "stress";
  if (existsSync(join(dir, "optimize.json")) || existsSync(join(dir, "study.json")))
    return "optimize";
  return undefined;
}

// JSON has no Infinity or NaN: tokensim's study files write them as strings.
const decode = (_: string, v: unknown) =>
  v === "Infinity"
    ? Number.POSITIVE_INFINITY
    : v === "-Infinity"
      ? Number.NEGATIVE_INFINITY
      : v === "NaN"
        ? Number.NaN
        : v;

/**
 * Reads and parses a JSON file of folder `dir` (only inside it: a link out is
 * refused), with the study files' non-finite numbers decoded; a file that is
 * not JSON is a {@link CorruptResultError} naming it.
 */
export function readStudyJson<T>(dir: string, name: string): T {
  const bytes = readInside(dir, join(dir, name));
  try {
    return JSON.parse(bytes.toString("utf8"), decode) as T;
  } catch (err) {
    throw new CorruptResultError(`${name} cannot be read: ${(err as Error).message}`);
  }
}

/**
 * The folder of study `id` under `root`. Throws {@link BadNameError} for a name
 * that could leave the root (or a folder linked out of it), {@link NotFoundError}
 * when it is not a study folder.
 */
export function studyDir(root: string, id: string): string {
  if (!safeName(id)) throw new BadNameError(`bad study id '${id}'`);
  const dir = resolve(root, id);
  if (!existsSync(dir)) throw new NotFoundError(`no study '${id}'`);
  const real = realpathSync(dir);
  const rootReal = realpathSync(root);
  if (!real.startsWith(rootReal + sep)) throw new BadNameError(`bad study id '${id}'`);
  if (!statSync(dir).isDirectory() || studyKind(dir) === undefined)
    throw new NotFoundError(`no study '${id}'`);
  return dir;
}

/**
 * A value folder of a stress comparison: `<key>=<value>` directly inside
 * `dir`, no separator, no `..`, and not linked out of it.
 */
export function compareValueDir(dir: string, key: string, value: string): string {
  const name = `${key}=${value}`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._=+-]{0,199}$/.test(name) || name.includes(".."))
    throw new BadNameError(`${basename(dir)}: bad comparison value '${value}'`);
  const sub = join(dir, name);
  if (!existsSync(sub)) throw new NotFoundError(`${basename(dir)} has no folder ${name}`);
  if (!insideDir(dir, sub)) throw new BadNameError(`${name} links out of its study: refused`);
  return sub;
}

interface StudyJson {
  scenario?: string;
  algorithm?: string;
  objectives?: string[];
  constraints?: string[];
}

/** A figure of the rare-event summary line: 3 significant digits; "n/a" when not finite. */
const sig3 = (x: unknown) =>
  typeof x === "number" && Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : "n/a";

/** rare.json as one line: the estimate, its interval, the relative error, the cost and the method. */
function describeRare(dir: string, id: string): StudyInfo {
  const r = readStudyJson<{
    scenario?: string;
    event?: string;
    estimate?: number;
    lower?: number;
    upper?: number;
    confidence?: number;
    relativeError?: number;
    runs?: number;
    steps?: number;
    replicas?: number;
    particles?: number;
  }>(dir, "rare.json");
  const pct = Math.round((r.confidence ?? 0.95) * 100);
  return {
    id,
    kind: "rare",
    scenario: r.scenario ?? "",
    complete: true,
    summary: `P(${r.event}) = ${sig3(r.estimate)}, ${pct}% CI [${sig3(r.lower)}, ${sig3(r.upper)}], relative error ${sig3(r.relativeError)}; ${r.runs} runs, ${r.steps} steps; multilevel splitting, ${r.replicas} replicas of ${r.particles} particles`,
  };
}

function describe(dir: string, id: string, kind: StudyKind): StudyInfo {
  if (kind === "rare") return describeRare(dir, id);
  if (kind === "networks") {
    const r = readStudyJson<{
      study?: string;
      networks?: { name: string; ownersStart: number; ownersEnd: number }[];
      outside?: { ownersStart: number; ownersEnd: number };
    }>(dir, "networks.json");
    const gpus = [...(r.networks ?? []), { name: "outside", ...r.outside }]
      .map((n) => `${n.name} ${n.ownersStart} → ${n.ownersEnd}`)
      .join(", ");
    return { id, kind, scenario: r.study ?? "", complete: true, summary: `GPUs ${gpus}` };
  }
  if (kind === "hindcast") {
    const h = readStudyJson<{ scenario?: string; series?: { column?: string }[] }>(
      dir,
      "hindcast.json",
    );
    const what = existsSync(join(dir, "counterfactual.json")) ? "counterfactual" : "fit";
    return {
      id,
      kind,
      scenario: h.scenario ?? "",
      complete: true,
      summary: `${what}: observed against simulated (${(h.series ?? []).map((x) => x.column).join(", ")})`,
    };
  }
  if (kind === "stress-compare") {
    const c = readStudyJson<{ key: string; results: { value: string }[] }>(dir, "compare.json");
    const first = c.results[0];
    const scenario = first
      ? (() => {
          try {
            const sub = compareValueDir(dir, c.key, first.value);
            return readStudyJson<{ scenario: string }>(sub, "stress.json").scenario;
          } catch {
            return "";
          }
        })()
      : "";
    return {
      id,
      kind,
      scenario,
      complete: true,
      summary: `breaking points by ${c.key}: ${c.results.map((r) => r.value).join(", ")}`,
    };
  }
  if (kind === "stress" && existsSync(join(dir, "stress.json"))) {
    const s = readStudyJson<{ scenario: string; p: number; families: string[] }>(
      dir,
      "stress.json",
    );
    return {
      id,
      kind,
      scenario: s.scenario,
      complete: true,
      summary: `cheapest ${s.families.join("+")} shock with P(spiral) ≥ ${s.p}`,
    };
  }
  const settings = existsSync(join(dir, "study.json"))
    ? readStudyJson<StudyJson>(dir, "study.json")
    : readStudyJson<{ settings: StudyJson }>(dir, "optimize.json").settings;
  const goals = [...(settings.objectives ?? []), ...(settings.constraints ?? [])];
  return {
    id,
    kind,
    scenario: settings.scenario ?? "",
    complete: existsSync(join(dir, kind === "stress" ? "stress.json" : "optimize.json")),
    summary: `${settings.algorithm ?? ""}: ${goals.join(" · ")}`,
  };
}

/** The study folder `dir` (named `id`) as the catalogue lists it. */
export function describeStudy(dir: string, id: string): StudyInfo {
  const kind = studyKind(dir);
  if (!kind) throw new NotFoundError(`no study '${id}'`);
  return describe(dir, id, kind);
}

/** Every study folder directly under `root`; one that cannot be read is left out. */
export function listStudies(root: string): StudyInfo[] {
  if (!existsSync(root)) return [];
  const out: StudyInfo[] = [];
  for (const name of readdirSync(root).sort()) {
    if (!safeName(name)) continue;
    const dir = join(root, name);
    if (!insideDir(root, dir) || !statSync(dir).isDirectory()) continue;
    const kind = studyKind(dir);
    if (!kind) continue;
    try {
      out.push(describe(dir, name, kind));
    } catch {
      // a file being written, or not tokensim's: left out until it is readable
    }
  }
  return out;
}
