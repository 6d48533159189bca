import type { FastifyInstance } from "fastify";
import type { PageBundle } from "../bundle.ts";
import { encodeNow, sendCached } from "../sendCached.ts";

/** The web page: its HTML shell, the esbuild bundle and the stylesheet, all local. */
export function pageRoutes(app: FastifyInstance, page: PageBundle): void {
  // Revalidated on every load (no-cache): the ETag makes that a 304 without a body.
  const noCache = { "cache-control": "no-cache" };
  const html = Buffer.from(page.html);
  const js = Buffer.from(page.js);
  const css = Buffer.from(page.css);
  // Compressed when the server starts listening, not on the first load (a
  // server that only answers injected requests, as in tests, never does it).
  app.addHook("onListen", async () => {
    for (const b of [html, js, css]) encodeNow(b);
  });
  app.get("/", async (req, reply) =>
    sendCached(req, reply.headers(noCache), html, "text/html; charset=utf-8"),
  );
  app.get("/app.js", async (req, reply) =>
    sendCached(req, reply.headers(noCache), js, "text/javascript; charset=utf-8"),
  );
  app.get("/app.css", async (req, reply) =>
    sendCached(req, reply.headers(noCache), css, "text/css; charset=utf-8"),
  );
  app.get("/favicon.ico", async (_req, reply) => reply.code(204).send());
  app.get("/api/health", async () => ({ ok: true }));
}
