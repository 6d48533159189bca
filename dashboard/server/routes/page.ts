import type { FastifyInstance } from "fastify";
import type { PageBundle } from "../bundle.ts";

/** The web page: its HTML shell, the esbuild bundle and the stylesheet, all local. */
export function pageRoutes(app: FastifyInstance, page: PageBundle): void {
  const noCache = { "cache-control": "no-cache" };
  app.get("/", async (_req, reply) =>
    reply.type("text/html; charset=utf-8").headers(noCache).send(page.html),
  );
  app.get("/app.js", async (_req, reply) =>
    reply.type("text/javascript; charset=utf-8").headers(noCache).send(page.js),
  );
  app.get("/app.css", async (_req, reply) =>
    reply.type("text/css; charset=utf-8").headers(noCache).send(page.css),
  );
  app.get("/favicon.ico", async (_req, reply) => reply.code(204).send());
  app.get("/api/health", async () => ({ ok: true }));
}
