import { constants } from "node:zlib";
import compress from "@fastify/compress";
import etag from "@fastify/etag";
import type { FastifyInstance } from "fastify";

/**
 * What goes over the wire: responses of 1 KB and more are compressed (brotli or
 * gzip, as the client accepts) when they are text, JSON, JavaScript or Arrow (a
 * year-long run's 8 MB fan table is about 1.6 MB gzipped), and every response
 * carries an ETag of its bytes, so a client that has them gets a 304 without a
 * body (the page's script, catalogues, tables that have not changed).
 * Server-sent events are written to the raw socket and pass untouched.
 * Register it before the routes.
 */
export function registerTransfer(app: FastifyInstance): void {
  app.register(compress, {
    threshold: 1024,
    customTypes:
      /^(text\/(html|css|csv|javascript|plain)|application\/(json|javascript|vnd\.apache\.arrow\.file))/,
    // Quick settings: the dashboard shares its machine with the simulations.
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  app.register(etag);
}
