import type { FastifyError, FastifyInstance } from "fastify";
import { TokensimError } from "../../engine/errors.ts";
import { BadNameError, NotFoundError } from "../data/resultStore.ts";
import { BusyError } from "./sweepManager.ts";

/**
 * One JSON shape for every error: `{ statusCode, error, message }`. Schema
 * failures and bad names are 400, missing things 404, a full run queue 429 with
 * Retry-After, a bad scenario or parameter (the engine's check) 400.
 */
export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (statusCode: number, error: string) =>
      reply.code(statusCode).send({ statusCode, error, message: err.message });
    if (err.validation) return send(400, "Bad Request");
    if (err instanceof BadNameError) return send(400, "Bad Request");
    if (err instanceof NotFoundError) return send(404, "Not Found");
    if (err instanceof BusyError) {
      reply.header("retry-after", String(err.retryAfterS));
      return send(429, "Too Many Requests");
    }
    if (err instanceof TokensimError) return send(400, "Bad Request");
    if (typeof err.statusCode === "number" && err.statusCode < 500)
      return send(err.statusCode, err.name);
    req.log.error({ err }, "request failed");
    return reply
      .code(500)
      .send({ statusCode: 500, error: "Internal Server Error", message: "internal error" });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({
      statusCode: 404,
      error: "Not Found",
      message: `no route ${req.method} ${req.url.split("?")[0]}`,
    }),
  );
}
