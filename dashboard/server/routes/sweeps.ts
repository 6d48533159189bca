import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { ParameterError } from "../../../engine/errors.ts";
import type { SweepRequest } from "../../../engine/sweep/plan.ts";
import { NotFoundError } from "../../data/resultStore.ts";
import { scenarioNames } from "../scenarioInfo.ts";
import { LaunchBody, MAX_SWEEP_RUNS, SweepIdParams } from "../schemas.ts";
import type { SweepManager, SweepState } from "../sweepManager.ts";

/** The engine's sweep request for a launch body (parameter values still to be checked by the engine). */
function launchRequest(body: LaunchBody): SweepRequest {
  if (!scenarioNames().includes(body.scenario))
    throw new NotFoundError(`no bundled scenario '${body.scenario}'`);
  const grid = body.grid ?? [];
  const points = grid.reduce((n, a) => n * a.values.length, 1);
  if (points * body.runs > MAX_SWEEP_RUNS)
    throw new ParameterError(
      `${points} points × ${body.runs} runs = ${points * body.runs} runs; the server runs at most ${MAX_SWEEP_RUNS} per sweep`,
    );
  const keys = grid.map((a) => a.key);
  if (new Set(keys).size !== keys.length) throw new ParameterError("a grid key appears twice");
  return {
    scenario: body.scenario,
    runs: body.runs,
    seed: body.seed ?? 42,
    grid: grid.map((a) => `${a.key}=${a.values.map(String).join(",")}`),
    sets: Object.entries(body.sets ?? {}).map(([k, v]) => `${k}=${String(v)}`),
    recordEvery: body.recordEvery ?? 1,
  };
}

const sse = (event: string, state: SweepState) =>
  `event: ${event}\ndata: ${JSON.stringify(state)}\n\n`;

/** Launching sweeps (bounded; 429 when full) and following them by server-sent events. */
export function sweepRoutes(app: FastifyInstance, manager: SweepManager): void {
  app.post<{ Body: LaunchBody }>(
    "/api/sweeps",
    { schema: { body: LaunchBody } },
    async (req, reply) => {
      const state = await manager.start(launchRequest(req.body), req.body.scenario);
      return reply.code(202).header("location", `/api/sweeps/${state.id}`).send(state);
    },
  );

  app.get("/api/sweeps", async () => manager.list());

  // Cancel: no new runs start; the runs in flight finish and every finished run is kept.
  app.post<{ Params: Static<typeof SweepIdParams> }>(
    "/api/sweeps/:id/cancel",
    { schema: { params: SweepIdParams } },
    async (req, reply) => {
      const s = manager.cancel(req.params.id);
      if (!s)
        throw new NotFoundError(
          `no sweep '${req.params.id}' (this server's sweeps: GET /api/sweeps)`,
        );
      return reply.code(202).send(s);
    },
  );

  app.get<{ Params: Static<typeof SweepIdParams> }>(
    "/api/sweeps/:id",
    { schema: { params: SweepIdParams } },
    async (req) => {
      const s = manager.get(req.params.id);
      if (!s)
        throw new NotFoundError(
          `no sweep '${req.params.id}' (this server's sweeps: GET /api/sweeps)`,
        );
      return s;
    },
  );

  app.get<{ Params: Static<typeof SweepIdParams> }>(
    "/api/sweeps/:id/events",
    { schema: { params: SweepIdParams } },
    async (req, reply) => {
      const first = manager.get(req.params.id);
      if (!first) throw new NotFoundError(`no sweep '${req.params.id}'`);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        connection: "keep-alive",
      });
      res.write(sse("progress", first));
      const heartbeat = setInterval(() => res.write(": keep-alive\n\n"), 15_000);
      let unsubscribe = () => {};
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        if (!res.writableEnded) res.end();
      };
      // The client leaving only ends its own stream; the sweep goes on for the others.
      req.raw.on("close", end);
      unsubscribe = manager.subscribe(req.params.id, (event, state) => {
        res.write(sse(event, state));
        if (event === "done") end();
      });
    },
  );
}
