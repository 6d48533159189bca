import { failedCount, type RunFailure } from "./failures.ts";
import { type SpiralMark, spiralCaption } from "./spirals.ts";

/** What a point's view knows of its runs before it draws anything. */
export interface PointFacts {
  /** Runs that completed ok (those behind the bands). */
  runs: number;
  spiralledRuns: number;
  spirals: readonly SpiralMark[];
  /** Runs that failed an invariant or crashed. */
  failures: readonly RunFailure[];
  /** Runs the point should have. */
  expectedRuns: number;
  /** Whether the result keeps per-step files (false: a `--no-steps` sweep). */
  stepsKept: boolean;
  /** Ok runs whose per-step file is there. */
  seriesRuns: number;
}

/** The kind of result the point belongs to (a sweep's point, or a single run). */
type Kind = "sweep" | "run";

/**
 * Why a point has no time-series charts, in a sentence; undefined when it has
 * them. Every view says this instead of drawing empty (or solid) charts.
 */
export function emptyState(
  f: PointFacts,
  kind: Kind = "sweep",
  /** Where the runs' table of outcomes is: under the sentence (a result's page), or on the result's page (compare). */
  outcomes: "below" | "elsewhere" = "below",
): string | undefined {
  const table = outcomes === "below" ? "below" : "on the result's page";
  const failed = f.failures.length;
  if (f.runs === 0 && failed === 0)
    return kind === "run"
      ? "This run has not finished: nothing to chart."
      : `No run of this point has finished yet (0 of ${f.expectedRuns}): the sweep is still running, or was stopped before it reached this point (tokensim sweep … --resume finishes it). Nothing to chart yet.`;
  if (f.runs === 0) {
    const files = f.failures.some((x) => x.hasSteps);
    if (kind === "run")
      return `The run failed (see above): no bands are drawn of a run that broke an invariant.${files ? " Its per-step table, up to the failing step, is among the downloads." : ""}`;
    const which =
      failed === f.expectedRuns
        ? failed === 1
          ? "The run of this point failed"
          : `All ${failed} runs of this point failed`
        : failed === 1
          ? "The one finished run of this point failed"
          : `All ${failed} finished runs of this point failed`;
    return `${which} (listed above): no run completed ok, so no bands are drawn.${files ? " Each failed run's per-step file, up to the failing step, is linked in the list." : ""}`;
  }
  if (!f.stepsKept)
    return kind === "run"
      ? "This run kept no per-step table (steps.arrow): per-step charts are not available."
      : `This sweep was run with --no-steps: per-step charts are not available; the table of outcomes is ${table}.`;
  if (f.seriesRuns === 0)
    return `The per-step files of this point's runs are missing: per-step charts are not available; the table of outcomes is ${table}.`;
  return undefined;
}

/**
 * The point's caption: failures first ("1 of 3 runs failed: left out of the
 * charts and statistics"), then the death-spiral story of the runs that
 * completed ok, and how many are still to come.
 */
export function pointStory(f: PointFacts): string {
  const failed = f.failures.length;
  const done = f.runs + failed;
  const parts: string[] = [];
  if (failed > 0)
    parts.push(
      `${failedCount(failed, done)}${f.runs > 0 ? ": left out of the charts and statistics" : ""}`,
    );
  if (f.runs > 0) {
    const story = spiralCaption(f.spirals, f.spiralledRuns, f.runs);
    parts.push(failed > 0 ? `of the ${f.runs} that completed ok: ${story}` : story);
  }
  if (done < f.expectedRuns) parts.push(`${done} of ${f.expectedRuns} runs done`);
  return parts.join(" · ");
}

/** The chart subtitle's count of runs left out: "1 failed run left out". */
export const leftOut = (failed: number): string =>
  failed === 0 ? "" : `${failed} failed run${failed === 1 ? "" : "s"} left out`;
