import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/** Who may talk to the server (see {@link registerAccess}). */
export interface AccessOptions {
  /**
   * The address the server binds. On loopback, requests must name a loopback
   * host; beyond it, any host, but every request must carry {@link token}.
   */
  host: string;
  /** Required when binding beyond loopback: `Authorization: Bearer <token>` or its cookie. */
  token?: string;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const COOKIE = "tokensim_token";

/** Whether `host` (an address to bind) is this machine only. */
export const isLoopback = (host: string): boolean => LOOPBACK.has(host);

/** Response headers of every answer: no framing, no sniffing, nothing loaded from elsewhere. */
const SECURITY_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};

const hostnameOf = (hostHeader: string): string =>
  hostHeader.startsWith("[")
    ? hostHeader.slice(0, hostHeader.indexOf("]") + 1)
    : hostHeader.split(":")[0]!;

const sameToken = (a: string, b: string): boolean =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function cookieToken(req: FastifyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === COOKIE) return decodeURIComponent(v.join("="));
  }
  return undefined;
}

function deny(reply: FastifyReply, statusCode: 401 | 403, message: string) {
  const error = statusCode === 401 ? "Unauthorized" : "Forbidden";
  return reply.code(statusCode).send({ statusCode, error, message });
}

/**
 * The server's access rules, checked before routing:
 * - **Host**: on loopback the Host header must name a loopback host, so a page
 *   on another site cannot reach the server through DNS rebinding;
 * - **Origin**: a request that changes state (anything but GET and HEAD) from a
 *   browser must come from this server's own origin;
 * - **Token**: beyond loopback every request carries the token, as a Bearer
 *   header or the cookie that opening `/?token=<token>` sets;
 * - and every answer has the {@link SECURITY_HEADERS}.
 */
export function registerAccess(app: FastifyInstance, o: AccessOptions): void {
  const loopback = isLoopback(o.host);
  if (!loopback && !o.token)
    throw new Error(`binding ${o.host} (beyond this machine) needs an access token`);
  app.addHook("onRequest", async (req, reply) => {
    reply.headers(SECURITY_HEADERS);
    const host = req.headers.host ?? "";
    if (loopback && !LOOPBACK.has(hostnameOf(host)))
      return deny(reply, 403, `Host '${host}' is not this server (it answers on localhost only)`);
    const origin = req.headers.origin;
    if (origin !== undefined && req.method !== "GET" && req.method !== "HEAD") {
      let originHost = "";
      try {
        originHost = new URL(origin).host;
      } catch {
        // not a URL: refused below
      }
      if (originHost !== host) return deny(reply, 403, `requests from ${origin} are not accepted`);
    }
    if (!o.token) return;
    const query = (req.query as Record<string, unknown> | undefined)?.token;
    if (req.method === "GET" && req.url.split("?")[0] === "/" && typeof query === "string") {
      if (!sameToken(query, o.token)) return deny(reply, 401, "wrong access token");
      return reply
        .header(
          "set-cookie",
          `${COOKIE}=${encodeURIComponent(o.token)}; HttpOnly; SameSite=Strict; Path=/`,
        )
        .redirect("/", 303);
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    const given = bearer ?? cookieToken(req);
    if (given === undefined || !sameToken(given, o.token))
      return deny(
        reply,
        401,
        "this server needs its access token: open the URL it printed at start, or send Authorization: Bearer <token>",
      );
  });
}
