import { basename } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { describeResult } from "../data/resultStore.ts";
import { type AccessOptions, registerAccess } from "./access.ts";
import type { PageBundle } from "./bundle.ts";
import { createDataRunner } from "./dataPool.ts";
import { registerErrors } from "./errors.ts";
import { HeatmapCache } from "./heatmapCache.ts";
import { PointCache } from "./pointCache.ts";
import { calibrationRoutes } from "./routes/calibration.ts";
import { pageRoutes } from "./routes/page.ts";
import { resultRoutes } from "./routes/results.ts";
import { scenarioRoutes } from "./routes/scenarios.ts";
import { studyRoutes } from "./routes/studies.ts";
import { sweepRoutes } from "./routes/sweeps.ts";
import { SweepManager } from "./sweepManager.ts";
import { registerTransfer } from "./transfer.ts";

export interface AppOptions {
  /** Folder of result folders (sweeps and runs); new sweeps are written there. */
  resultsDir: string;
  /** Folder of calibration profiles (optional). */
  calibrationDir?: string;
  /** The built page (see buildPage). */
  page: PageBundle;
  /** Sweeps at once (default 1); more get 429 with Retry-After. */
  maxActive?: number;
  /** Worker threads for sweeps (default 2; 0 runs them in this thread). */
  workers?: number;
  /**
   * Threads for the reads of many files (fan bands, heatmap tables): default 1,
   * started on first use; 0 runs them in the server's thread.
   */
  dataThreads?: number;
  /** Budget of one launch: provider-steps and bytes of per-step output (see SweepManager). */
  maxProviderSteps?: number;
  maxOutputBytes?: number;
  /**
   * Who may connect (default: loopback only, no token). Binding beyond loopback
   * needs a token (see `registerAccess`).
   */
  access?: AccessOptions;
  /** Fastify's pino logger: true for JSON lines on stdout, false for none. */
  logger?: boolean | { level: string };
}

export interface DashboardApp {
  app: FastifyInstance;
  sweeps: SweepManager;
  /**
   * Settles once the data thread is started and has loaded its modules (about
   * a second on 2 cores): it starts when the server starts listening, so that
   * the first view of a result does not wait for it. (Tests that only inject
   * requests start no thread until one needs it.)
   */
  dataReady: Promise<void>;
}

/**
 * The dashboard server: JSON and Arrow API, server-sent sweep progress and
 * the page. Closing it (app.close()) stops new runs, lets the runs in flight
 * finish and be written, and ends the event streams.
 */
export function buildApp(opts: AppOptions): DashboardApp {
  const app = Fastify({
    logger: opts.logger ?? false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: false } },
  });
  // The reads of many per-step files (fan bands, heatmap tables) run on a data
  // thread, so that the event loop keeps answering while they run.
  const data = createDataRunner(opts.dataThreads ?? 1);
  const heatmaps = HeatmapCache.on(data);
  const points = new PointCache(data);
  const sweeps = new SweepManager({
    onComplete: (dir) => {
      // Ready before the page asks: the heatmap table and the first points' fan
      // bands (the page opens on them), on the data thread; a failure is the
      // page's to see when it asks.
      heatmaps.get(dir).catch(() => {});
      const id = basename(dir);
      for (const p of describeResult(dir, id).points.slice(0, 8))
        points.get(dir, id, p.index).catch(() => {});
    },
    resultsDir: opts.resultsDir,
    maxActive: opts.maxActive ?? 1,
    workers: opts.workers ?? 2,
    ...(opts.maxProviderSteps !== undefined ? { maxProviderSteps: opts.maxProviderSteps } : {}),
    ...(opts.maxOutputBytes !== undefined ? { maxOutputBytes: opts.maxOutputBytes } : {}),
    log: app.log,
  });
  registerErrors(app);
  registerAccess(app, opts.access ?? { host: "127.0.0.1" });
  // Path numbers are decimal integers as typed: the schema's coercion alone would take
  // "0x1" as 1 and " " as 0.
  app.addHook("preValidation", async (req, reply) => {
    const params = req.params as Record<string, unknown> | undefined;
    for (const key of ["point", "run"]) {
      const raw = params?.[key];
      if (typeof raw === "string" && !/^(0|[1-9][0-9]{0,8})$/.test(raw))
        return reply.code(400).send({
          statusCode: 400,
          error: "Bad Request",
          message: `params/${key} must be a whole number written in decimal, got '${raw}'`,
        });
    }
  });
  registerTransfer(app);
  // The routes in a plugin registered after the transfer plugins, so that their
  // compression and ETag hooks apply to every route.
  app.register(async (api) => {
    pageRoutes(api, opts.page);
    scenarioRoutes(api);
    resultRoutes(api, opts.resultsDir, heatmaps, points);
    studyRoutes(api, opts.resultsDir);
    sweepRoutes(api, sweeps);
    calibrationRoutes(api, opts.calibrationDir);
  });
  let warmed: () => void = () => {};
  const dataReady = new Promise<void>((resolve) => {
    warmed = resolve;
  });
  app.addHook("onListen", async () => {
    data.warm().then(warmed, warmed);
  });
  app.addHook("preClose", async () => {
    await sweeps.close();
  });
  app.addHook("onClose", async () => {
    await data.close();
  });
  return { app, sweeps, dataReady };
}
