import { createHash } from "node:crypto";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { FastifyReply, FastifyRequest } from "fastify";

/** A cached payload's tag and its compressed forms, made once each. */
export interface Encoded {
  etag: string;
  br?: Uint8Array;
  gzip?: Uint8Array;
}

/** The ETag of a payload: its SHA-1, base64, quoted. */
export const etagOf = (bytes: Uint8Array): string =>
  `"${createHash("sha1").update(bytes).digest("base64")}"`;

/** Brotli at a quick setting: the dashboard shares its machine with the simulations. */
export const brotli = (bytes: Uint8Array): Uint8Array =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });

// Keyed by the payload itself: the caches that hold it (the page, the point and
// heatmap caches) return the same buffer while it is current, and an evicted one
// takes its encodings with it.
const encoded = new WeakMap<Uint8Array, Encoded>();

/**
 * Records a payload's tag and compressed forms made elsewhere (on the data
 * thread, which computes a fan table and compresses it in one task: a brotli
 * pass over an 8 MB table takes about 0.3 s, which the event loop must not).
 */
export function seedEncoded(bytes: Uint8Array, e: Encoded): void {
  encoded.set(bytes, e);
}

/**
 * Makes a payload's tag and brotli form now (the page's script, when the server
 * starts listening), so the first page load does not wait for them.
 */
export function encodeNow(bytes: Uint8Array): void {
  const e = encoded.get(bytes) ?? { etag: etagOf(bytes) };
  if (bytes.byteLength >= 1024) e.br ??= brotli(bytes);
  encoded.set(bytes, e);
}

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
    e = { etag: etagOf(bytes) };
    encoded.set(bytes, e);
  }
  reply.type(type).header("etag", e.etag).header("vary", "accept-encoding");
  if (req.headers["if-none-match"] === e.etag) return reply.code(304).send();
  const enc = bytes.byteLength >= 1024 ? negotiate(req.headers["accept-encoding"]) : undefined;
  if (enc === "br") {
    e.br ??= brotli(bytes);
    return reply.header("content-encoding", "br").send(asBuffer(e.br));
  }
  if (enc === "gzip") {
    e.gzip ??= gzipSync(bytes, { level: 6 });
    return reply.header("content-encoding", "gzip").send(asBuffer(e.gzip));
  }
  return reply.send(asBuffer(bytes));
}

/** A Buffer over the same bytes (no copy). */
const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);
