import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { sweepPaths } from "../../../engine/sweep/manifest.ts";
import { readRunRecords } from "../../../engine/sweep/tables.ts";
import { readAnalysis } from "../../data/analysis.ts";
import { toPayload } from "../../data/analysisPayload.ts";
import { readArrow } from "../../data/arrowTable.ts";
import { toCsv } from "../../data/csv.ts";
import {
  CorruptResultError,
  describeResult,
  listResults,
  NotFoundError,
  readInside,
  resultDir,
} from "../../data/resultStore.ts";
import { HeatmapCache } from "../heatmapCache.ts";
import { PointCache } from "../pointCache.ts";
import { FormatQuery, IdParams, PointParams, RunParams, TableParams } from "../schemas.ts";
import { sendCached } from "../sendCached.ts";

const ARROW = "application/vnd.apache.arrow.file";

/** Sends Arrow bytes, or the same table as CSV, as a download named `name`. */
function sendTable(
  reply: FastifyReply,
  bytes: Uint8Array,
  name: string,
  format: "arrow" | "csv" | undefined,
) {
  // A file that is not an Arrow IPC file (magic at both ends) is a damaged result: 422.
  const magic = (at: number) => Buffer.from(bytes.subarray(at, at + 6)).toString("latin1");
  if (bytes.byteLength < 12 || magic(0) !== "ARROW1" || magic(bytes.byteLength - 6) !== "ARROW1")
    throw new CorruptResultError(`${name}: not an Arrow IPC file`);
  if (format === "csv") {
    let csv: string;
    try {
      csv = toCsv(readArrow(bytes));
    } catch (err) {
      throw new CorruptResultError(`${name}: cannot be read: ${(err as Error).message}`);
    }
    return reply
      .type("text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="${name}.csv"`)
      .send(csv);
  }
  return reply
    .type(ARROW)
    .header("content-disposition", `attachment; filename="${name}.arrow"`)
    .send(Buffer.from(bytes));
}

/** The results on disk: catalogue, per-point fan bands (Arrow), downloads (Arrow, CSV). */
export function resultRoutes(
  app: FastifyInstance,
  root: string,
  heatmaps = new HeatmapCache(),
  points = new PointCache(),
): void {
  app.get("/api/results", async () => listResults(root));

  app.get<{ Params: Static<typeof IdParams> }>(
    "/api/results/:id",
    { schema: { params: IdParams } },
    async (req) => {
      const dir = resultDir(root, req.params.id);
      const info = describeResult(dir, req.params.id);
      const runs =
        info.kind === "sweep"
          ? readRunRecords(dir).map((r) => ({
              point: r.point,
              run: r.run,
              seed: r.seed,
              status: r.status,
              message: r.message,
              deathSpirals: r.deathSpirals.length,
              priceEndUsd: r.headline?.priceEndUsd ?? null,
              maxDrawdownPct: r.headline?.maxDrawdownPct ?? null,
              providersActiveEnd: r.headline?.providersActiveEnd ?? null,
            }))
          : [];
      return { ...info, runs, analysis: existsSync(join(dir, "analysis.json")) };
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    "/api/results/:id/analysis",
    { schema: { params: IdParams } },
    async (req) => {
      const dir = resultDir(root, req.params.id);
      if (!existsSync(join(dir, "analysis.json")))
        throw new NotFoundError(
          `'${req.params.id}' has no analysis.json (run 'tokensim analyze' on the sweep)`,
        );
      const data = await readAnalysis(dir);
      if (!data)
        throw new CorruptResultError("analysis.json is not a tokensim analysis of a sweep");
      return toPayload(data);
    },
  );

  app.get<{ Params: Static<typeof PointParams> }>(
    "/api/results/:id/points/:point",
    { schema: { params: PointParams } },
    async (req) =>
      (await points.get(resultDir(root, req.params.id), req.params.id, req.params.point)).meta,
  );

  app.get<{ Params: Static<typeof PointParams> }>(
    "/api/results/:id/points/:point/fan.arrow",
    { schema: { params: PointParams } },
    async (req, reply) => {
      const { fan } = await points.get(
        resultDir(root, req.params.id),
        req.params.id,
        req.params.point,
      );
      return sendCached(req, reply, fan, ARROW);
    },
  );

  app.get<{ Params: Static<typeof RunParams>; Querystring: Static<typeof FormatQuery> }>(
    "/api/results/:id/points/:point/runs/:run/steps",
    { schema: { params: RunParams, querystring: FormatQuery } },
    async (req, reply) => {
      const { id, point, run } = req.params;
      const dir = resultDir(root, id);
      const info = describeResult(dir, id);
      const path =
        info.kind === "run"
          ? point === 0 && run === 0
            ? join(dir, "steps.arrow")
            : ""
          : sweepPaths(dir).steps(point, run);
      if (!path || !existsSync(path))
        throw new NotFoundError(`no steps for point ${point} run ${run} in '${id}'`);
      return sendTable(
        reply,
        readInside(dir, path),
        `${id}-p${point}-r${run}-steps`,
        req.query.format,
      );
    },
  );

  app.get<{ Params: Static<typeof IdParams> }>(
    "/api/results/:id/heatmap.arrow",
    { schema: { params: IdParams } },
    async (req, reply) => {
      const dir = resultDir(root, req.params.id);
      if (!existsSync(join(dir, "sweep.arrow")))
        throw new NotFoundError(`'${req.params.id}' has no sweep.arrow (not a complete sweep)`);
      return sendCached(req, reply, await heatmaps.get(dir), ARROW);
    },
  );

  app.get<{ Params: Static<typeof TableParams>; Querystring: Static<typeof FormatQuery> }>(
    "/api/results/:id/tables/:table",
    { schema: { params: TableParams, querystring: FormatQuery } },
    async (req, reply) => {
      const { id, table } = req.params;
      const dir = resultDir(root, id);
      const path = join(dir, `${table}.arrow`);
      if (!existsSync(path)) throw new NotFoundError(`'${id}' has no ${table}.arrow`);
      return sendTable(reply, readInside(dir, path), `${id}-${table}`, req.query.format);
    },
  );
}
