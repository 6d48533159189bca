import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type DashboardApp } from "../../dashboard/server/app.ts";
import { writeSyntheticSweep } from "../dashboard/syntheticResult.ts";
import { completeFiles } from "./fuzzHelpers.ts";

/** Fixed seed: every run of this file sends the same requests. */
const SEED = 20261202;
/**
 * `npm test` sends a third of the full count (the first third of the same cases:
 * the seed is fixed); `npm run test:fuzz` (FUZZ_SCALE=1, run by CI) sends them
 * all; FUZZ_SCALE=0.1 for a quick look while editing.
 */
const SCALE = Number(process.env.FUZZ_SCALE ?? 1 / 3);
const POST_RUNS = Math.ceil(2500 * SCALE);
const GET_RUNS = Math.ceil(2500 * SCALE);
const CANCEL_RUNS = Math.ceil(150 * SCALE);

const PAGE = { html: "<!doctype html><title>t</title>", js: "console.log(1)", css: "body{}" };
/** Written only outside the results folder: no answer may ever contain it. */
const SECRET = "TOPSECRET-outside-the-results-folder";

let root = "";
let server: DashboardApp | undefined;
const counts: Record<string, number> = {};
const statuses: Record<string, Record<number, number>> = {};
const tally = (category: string, status: number) => {
  const c = statuses[category] ?? {};
  statuses[category] = c;
  c[status] = (c[status] ?? 0) + 1;
};

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tokensim-fuzz-server-"));
  const results = join(root, "results");
  mkdirSync(results);
  writeSyntheticSweep(join(results, "syn"));
  // A folder outside the results, shaped like a result, linked in and named by a file link.
  const outside = join(root, "outside");
  writeSyntheticSweep(outside);
  writeFileSync(join(outside, "secret.txt"), SECRET);
  writeFileSync(join(outside, "runs.arrow"), SECRET);
  writeFileSync(join(root, "secret.json"), JSON.stringify({ secret: SECRET }));
  symlinkSync(outside, join(results, "linked"));
  mkdirSync(join(results, "leaky"));
  writeFileSync(join(results, "leaky", "manifest.json"), "{ not json");
  symlinkSync(join(outside, "runs.arrow"), join(results, "syn", "leak.arrow"));
  symlinkSync(join(outside, "sweep.arrow"), join(results, "leaky", "sweep.arrow"));
  symlinkSync(join(outside, "runs.arrow"), join(results, "leaky", "runs.arrow"));
  const calibration = join(root, "calib");
  mkdirSync(calibration);
  writeFileSync(join(calibration, "broken.json"), "{");
  symlinkSync(join(root, "secret.json"), join(calibration, "secret.json"));
  server = buildApp({
    resultsDir: results,
    calibrationDir: calibration,
    page: PAGE,
    workers: 0,
    // No launch may simulate: every valid one is over this budget (422).
    maxProviderSteps: 0,
    maxOutputBytes: 0,
  });
});

afterAll(async () => {
  await server?.app.close();
  rmSync(root, { recursive: true, force: true });
  const all = Object.values(counts).reduce((a, b) => a + b, 0);
  const each = Object.entries(counts).map(
    ([k, n]) => `${k} ${n} (statuses ${JSON.stringify(statuses[k] ?? {})})`,
  );
  console.log(`fuzz server: ${each.join(", ")}; ${all} requests in all (seed ${SEED})`);
});

/** Checks one answer: never 5xx, errors are JSON `{ statusCode, error, message }`, nothing leaks. */
function expectCleanAnswer(
  what: string,
  r: { statusCode: number; body: string; headers: Record<string, unknown> },
): void {
  const where = `${what} -> ${r.statusCode} ${r.body.slice(0, 400)}`;
  expect(r.statusCode, where).toBeLessThan(500);
  expect(r.body, where).not.toContain(SECRET);
  expect(r.body, where).not.toContain(root);
  if (r.statusCode >= 400) {
    expect(String(r.headers["content-type"]), where).toMatch(/^application\/json/);
    const body = JSON.parse(r.body) as { statusCode: unknown; error: unknown; message: unknown };
    expect(body.statusCode, where).toBe(r.statusCode);
    expect(typeof body.error, where).toBe("string");
    expect(typeof body.message, where).toBe("string");
    expect(body.message as string, where).not.toMatch(/\n\s+at\s/);
  }
}

const KEYS = [
  "sim.steps",
  "providers.initial",
  "providers.maxTotal",
  "emission.tokensPerEpoch",
  "verification.sampleRate",
  "economics.exitRule",
  "shocks.crashDrop",
  "sim.stepHours",
];

/** Parameter values: numbers, strings, booleans, and what JSON can carry besides. */
const value = fc.oneof(
  fc.constantFrom(0, 1, 2, -1, 0.5, 1e9, 1e308, -0, 24, "24", "0x10", "", "fixed", "ñ", true, null),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 8 }),
  fc.jsonValue({ maxDepth: 1 }),
);
const key = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...KEYS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "__proto__",
      "constructor",
      "sim",
      "sim.",
      "Sim.steps",
      "a".repeat(120),
      "sim.steps.x",
      "1abc",
      "ñ",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const scenario = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom("baseline", "crash-death-spiral", "cheating-attack") },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "nope",
      "../baseline",
      ".hidden",
      "baseline.ts",
      "Baseline",
      "ñ",
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

/** Mostly `good`, sometimes `bad`: a launch body with one field wrong now and then. */
const mostly = <T, U>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<U>) =>
  fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: bad });

/** Values the engine accepts for the grid's and sets' keys (small runs). */
const GOOD_SETS: Record<string, fc.Arbitrary<number | string | boolean>> = {
  "sim.steps": fc.integer({ min: 1, max: 48 }),
  "providers.initial": fc.integer({ min: 0, max: 10 }),
  "emission.tokensPerEpoch": fc.integer({ min: 0, max: 100_000 }),
  "verification.sampleRate": fc.double({ min: 0, max: 1, noNaN: true }),
};
const goodKey = fc.constantFrom(...Object.keys(GOOD_SETS));
const goodSets = fc
  .uniqueArray(goodKey, { maxLength: 3 })
  .chain((keys) =>
    fc
      .tuple(...keys.map((k) => GOOD_SETS[k]!))
      .map((vs) => Object.fromEntries(keys.map((k, i) => [k, vs[i]]))),
  );
const goodGrid = fc.uniqueArray(goodKey, { maxLength: 3 }).chain((keys) =>
  fc.tuple(
    ...keys.map((k) =>
      fc.record({
        key: fc.constant(k),
        values: fc.array(GOOD_SETS[k]!, { minLength: 1, maxLength: 3 }),
      }),
    ),
  ),
);
const badGrid = fc.oneof(
  fc.array(
    fc.record(
      { key, values: fc.oneof(fc.array(value, { maxLength: 13 }), value), extra: value },
      { requiredKeys: ["key", "values"] },
    ),
    { maxLength: 4 },
  ),
  value,
);

/** Launch bodies near a valid one, each field sometimes dropped, mistyped or out of range. */
const nearLaunch = fc
  .record(
    {
      scenario: mostly(scenario, value),
      runs: mostly(
        fc.integer({ min: 1, max: 3 }),
        fc.oneof(fc.constantFrom(0, -1, 201, 1.5, "2", 1e9), value),
      ),
      seed: mostly(
        fc.integer({ min: 0, max: 100 }),
        fc.oneof(fc.constantFrom(-1, 4294967296, 1.5, "7"), value),
      ),
      grid: mostly(goodGrid, badGrid),
      sets: mostly(goodSets, fc.oneof(fc.dictionary(key, value, { maxKeys: 5 }), value)),
      recordEvery: mostly(
        fc.integer({ min: 1, max: 5 }),
        fc.oneof(fc.constantFrom(0, 1001, -3), value),
      ),
      unexpected: value,
    },
    { requiredKeys: [] },
  )
  .map((b) => {
    // The required fields are there most of the time; `unexpected` rarely.
    const out: Record<string, unknown> = { ...b };
    if (!("unexpected" in b) || JSON.stringify(b).length % 5 !== 0) delete out.unexpected;
    if (!("scenario" in out) && JSON.stringify(b).length % 4 !== 0) out.scenario = "baseline";
    if (!("runs" in out) && JSON.stringify(b).length % 4 !== 0) out.runs = 1;
    return out;
  });

/** Raw request bodies: JSON that is not an object, malformed JSON, other content types. */
const rawBody = fc.oneof(
  fc.json({ maxDepth: 2 }),
  fc.constantFrom(
    "",
    "{",
    "}",
    "[",
    "null",
    "nul",
    '{"scenario":',
    "\u0000",
    "{}{}",
    "\ufeff{}",
    '{"__proto__":{"x":1}}',
  ),
  fc.string({ maxLength: 30 }),
);

describe("fuzz: the dashboard server answers every request cleanly", { timeout: 600_000 }, () => {
  it(`POST /api/sweeps with random launches (${POST_RUNS} requests)`, async () => {
    const { app, sweeps } = server!;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 3,
            arbitrary: nearLaunch.map((b) => ({ json: true as const, body: b as unknown })),
          },
          {
            weight: 1,
            arbitrary: rawBody.map((b) => ({ json: false as const, body: b as unknown })),
          },
          { weight: 1, arbitrary: fc.anything().map((b) => ({ json: true as const, body: b })) },
        ),
        fc.oneof(
          { weight: 6, arbitrary: fc.constant("application/json") },
          {
            weight: 1,
            arbitrary: fc.constantFrom(
              "text/plain",
              "application/x-www-form-urlencoded",
              "",
              "application/json; charset=latin1",
            ),
          },
        ),
        async ({ json, body }, contentType) => {
          n++;
          let payload: string;
          try {
            payload = json ? (JSON.stringify(body) ?? "") : String(body);
          } catch {
            payload = String(body);
          }
          const r = await app.inject({
            method: "POST",
            url: "/api/sweeps",
            payload,
            headers: contentType ? { "content-type": contentType } : {},
          });
          tally("POST /api/sweeps", r.statusCode);
          expectCleanAnswer(`POST /api/sweeps ${contentType} ${payload.slice(0, 300)}`, r);
          if (r.statusCode === 202) {
            // Over a zero budget nothing should start; if something did, stop it at once.
            const id = (JSON.parse(r.body) as { id: string }).id;
            sweeps.cancel(id);
            await sweeps.wait(id);
            expect.fail(`launch started despite a zero budget: ${payload}`);
          }
          expect([400, 404, 413, 415, 422], `${payload} -> ${r.body}`).toContain(r.statusCode);
        },
      ),
      { numRuns: POST_RUNS, seed: SEED, endOnFailure: true },
    );
    counts["POST /api/sweeps"] = n;
    expect(n).toBeGreaterThanOrEqual(POST_RUNS);
  }, 600_000);

  it(`valid small launches, each cancelled at once (${CANCEL_RUNS} launches)`, async () => {
    // A server with the default budget: these launches start, and are cancelled at once.
    const results = join(root, "results-cancel");
    mkdirSync(results);
    const { app, sweeps } = buildApp({ resultsDir: results, page: PAGE, workers: 0 });
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("baseline", "crash-death-spiral", "cheating-attack", "demand-burst"),
          fc.integer({ min: 1, max: 3 }),
          fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }),
          fc.option(
            fc.record({
              key: fc.constantFrom("emission.tokensPerEpoch", "verification.sampleRate"),
              values: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
                minLength: 1,
                maxLength: 3,
              }),
            }),
            { nil: undefined },
          ),
          fc.integer({ min: 1, max: 4 }),
          fc.integer({ min: 0, max: 2 }),
          async (scenario, runs, seed, axis, steps, providers) => {
            n++;
            const body = {
              scenario,
              runs,
              ...(seed !== undefined ? { seed } : {}),
              ...(axis ? { grid: [axis] } : {}),
              sets: { "sim.steps": steps, "providers.initial": providers },
            };
            const r = await app.inject({ method: "POST", url: "/api/sweeps", payload: body });
            tally("launch and cancel", r.statusCode);
            expectCleanAnswer(`POST /api/sweeps ${JSON.stringify(body)}`, r);
            expect(r.statusCode, r.body).toBe(202);
            const { id } = JSON.parse(r.body) as { id: string };
            expect(r.headers.location).toBe(`/api/sweeps/${id}`);
            const c = await app.inject({ method: "POST", url: `/api/sweeps/${id}/cancel` });
            expectCleanAnswer(`cancel ${id}`, c);
            expect(c.statusCode).toBe(202);
            const end = await sweeps.wait(id);
            expect(["cancelled", "done"], JSON.stringify(end)).toContain(end?.status);
            // A cancelled sweep keeps its finished runs but writes no tables: it never looks complete.
            if (end?.status === "cancelled")
              expect(
                completeFiles(join(results, id)).filter((f) => !f.includes("/steps/")),
              ).toEqual([]);
          },
        ),
        { numRuns: CANCEL_RUNS, seed: SEED + 2, endOnFailure: true },
      );
    } finally {
      await app.close();
    }
    counts["launch and cancel"] = n;
    expect(n).toBeGreaterThanOrEqual(CANCEL_RUNS);
  }, 600_000);

  /** Path segments: real ids, traversal, encodings, odd numbers. */
  const segment = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.constantFrom(
        "syn",
        "linked",
        "leaky",
        "nope",
        "0",
        "1",
        "2",
        "3",
        "-1",
        "01",
        "0x1",
        "1e3",
        "%20",
        "%201",
        "99999999999",
        "4294967296",
        "..",
        ".",
        "%2e%2e",
        "%2E%2E%2F",
        "..%2f..%2fsecret.json",
        "%2F",
        "%00",
        "%ZZ",
        "%",
        "syn%2F..%2F..%2Foutside",
        "~",
        "ñ",
        "%C3%B1",
        "😀",
        "runs",
        "sweep",
        "steps",
        "leak",
        "secret",
        "broken",
        "a".repeat(200),
      ),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 10 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
  );
  const template = fc.constantFrom(
    "/api/results/:a",
    "/api/results/:a/heatmap.arrow",
    "/api/results/:a/points/:b",
    "/api/results/:a/points/:b/fan.arrow",
    "/api/results/:a/points/:b/runs/:c/steps",
    "/api/results/:a/tables/:b",
    "/api/scenarios/:a",
    "/api/sweeps/:a",
    "/api/sweeps/:a/events",
    "/api/calibration/:a",
    "/api/:a",
    "/:a",
    "/:a/:b/:c",
  );
  const query = fc.oneof(
    fc.constant(""),
    fc.constantFrom(
      "?format=csv",
      "?format=arrow",
      "?format=parquet",
      "?format=",
      "?format=csv&format=arrow",
      "?x=1",
      "?format=%00",
      "?",
    ),
    fc.string({ maxLength: 8 }).map((q) => `?${q}`),
  );

  it(`GET paths with random ids, points and runs (${GET_RUNS} requests)`, async () => {
    const { app } = server!;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        template,
        segment,
        segment,
        segment,
        query,
        fc.constantFrom("GET", "GET", "GET", "HEAD", "POST", "DELETE"),
        async (t, a, b, c, q, method) => {
          n++;
          const url = t.replace(":a", a).replace(":b", b).replace(":c", c) + q;
          let r: Awaited<ReturnType<typeof app.inject>>;
          try {
            r = await app.inject({ method: method as "GET", url });
          } catch (err) {
            // light-my-request refuses some URLs before the server sees them: not the server's answer.
            if (/invalid|URL|path/i.test((err as Error).message)) return;
            throw err;
          }
          tally("GET paths", r.statusCode);
          if (method === "HEAD") {
            expect(r.statusCode, `${method} ${url}`).toBeLessThan(500);
            return;
          }
          expectCleanAnswer(`${method} ${url}`, r);
          // Only the real synthetic sweep (and the bundled scenarios) has anything to give.
          if (r.statusCode === 200 && url.startsWith("/api/results/"))
            expect(url, r.body.slice(0, 200)).toMatch(/^\/api\/results\/syn(\/|$|\?)/);
        },
      ),
      { numRuns: GET_RUNS, seed: SEED + 1, endOnFailure: true },
    );
    counts["GET paths"] = n;
    expect(n).toBeGreaterThanOrEqual(GET_RUNS);
  }, 600_000);
});
