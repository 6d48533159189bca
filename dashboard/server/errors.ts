import { STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance } from "fastify";
import { TokensimError } from "../../engine/errors.ts";
import { BadNameError, CorruptResultError, NotFoundError } from "../data/resultStore.ts";
import { BudgetError, BusyError } from "./sweepManager.ts";

/**
 * One JSON shape for every error: `{ statusCode, error, message }`. Schema
 * failures, malformed bodies and bad names are 400, missing things 404, a result
 * folder that cannot be read or a launch over the budget 422, a full run queue 429 with Retry-After, a bad
 * scenario or parameter (the engine's check) 400.
 */
export function registerErrors(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const send = (statusCode: number, error: string) =>
      reply.code(statusCode).send({ statusCode, error, message: err.message });
    if (err.validation) return send(400, "Bad Request");
    if (err instanceof BadNameError) return send(400, "Bad Request");
    if (err instanceof NotFoundError) return send(404, "Not Found");
    // A result folder tokensim did not write, or one damaged on disk: say which file.
    if (err instanceof CorruptResultError) return send(422, "Unprocessable Entity");
    // A launch over the server's budget: nothing was started.
    if (err instanceof BudgetError) return send(422, "Unprocessable Entity");
    if (err instanceof BusyError) {
      reply.header("retry-after", String(err.retryAfterS));
      return send(429, "Too Many Requests");
    }
    if (err instanceof TokensimError) return send(400, "Bad Request");
    if (typeof err.statusCode === "number" && err.statusCode < 500)
      return send(err.statusCode, STATUS_CODES[err.statusCode] ?? "Bad Request");
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
