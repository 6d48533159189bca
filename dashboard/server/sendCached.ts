import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";

/** A cached payload's tag and its compressed forms, made once each. */
interface Encoded {
  etag: string;
  br?: Buffer;
  gzip?: Buffer;
}

// Keyed by the payload itself: the caches that hold it (the page, the point and
// heatmap caches) return the same buffer while it is current, and an evicted one
// takes its encodings with it.
const encoded = new WeakMap<Uint8Array, Encoded>();

/** The best encoding the client accepts: brotli, then gzip, else none. */
function negotiate(header: string | undefined): "br" | "gzip" | undefined {
  const accepted = new Set(
    (header ?? "")
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t && !/;\s*q=0(\.0*)?$/.test(t))
      .map((t) => t.split(";")[0]!),
  );
  if (accepted.has("br")) return "br";
  if (accepted.has("gzip") || accepted.has("*")) return "gzip";
  return undefined;
}

/**
 * Sends a payload that a cache holds (the page, a point's fan table, a heatmap
 * table) with its ETag and compressed form computed once, not per request as
 * the transfer plugins would (brotli and a hash of an 8 MB fan table take a
 * tenth of a second): 304 when the client has it, else brotli or gzip as it
 * accepts. The transfer plugins leave a response alone that is already encoded
 * and tagged.
 */
export function sendCached(
  req: FastifyRequest,
  reply: FastifyReply,
  bytes: Uint8Array,
  type: string,
): FastifyReply {
  let e = encoded.get(bytes);
  if (!e) {
    e = { etag: `"${createHash("sha1").update(bytes).digest("base64")}"` };
    encoded.set(bytes, e);
  }
  reply.type(type).header("etag", e.etag).header("vary", "accept-encoding");
  if (req.headers["if-none-match"] === e.etag) return reply.code(304).send();
  const enc = bytes.byteLength >= 1024 ? negotiate(req.headers["accept-encoding"]) : undefined;
  if (enc === "br") {
    e.br ??= brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
    return reply.header("content-encoding", "br").send(e.br);
  }
  if (enc === "gzip") {
    e.gzip ??= gzipSync(bytes, { level: 6 });
    return reply.header("content-encoding", "gzip").send(e.gzip);
  }
  return reply.send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
