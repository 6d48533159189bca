/**
 * What an OpenAI-compatible server says about itself at `GET /v1/models`: the model ids it
 * serves (vLLM and TGI insist on the exact id in requests) and, for a `tokensim emulate`
 * server, the emulated GPU, model and time scale (a `tokensim` field in its model entry).
 */

/** A server's self-description. */
export interface ServerInfo {
  /** Model ids listed by the server, in its order. */
  readonly models: readonly string[];
  /** Present when the server is `tokensim emulate`. */
  readonly emulator?: { readonly gpu: string; readonly model: string; readonly timeScale: number };
}

/**
 * Reads `<base>/v1/models` (base may end in /v1). Undefined when the server is absent, refuses
 * or answers something else: the calibration then runs with the user's settings and counts
 * what goes wrong.
 */
export async function discoverServer(
  baseUrl: string,
  apiKey?: string,
  timeoutMs = 5000,
): Promise<ServerInfo | undefined> {
  const base = baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");
  try {
    const res = await fetch(`${base}/v1/models`, {
      signal: AbortSignal.timeout(timeoutMs),
      headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
    });
    if (res.status !== 200) {
      await res.body?.cancel();
      return undefined;
    }
    const body = (await res.json()) as { data?: unknown };
    if (!Array.isArray(body.data)) return undefined;
    const models: string[] = [];
    let emulator: ServerInfo["emulator"];
    for (const m of body.data as Array<Record<string, unknown>>) {
      if (typeof m?.id === "string") models.push(m.id);
      const t = m?.tokensim as Record<string, unknown> | undefined;
      if (
        emulator === undefined &&
        typeof t?.gpu === "string" &&
        typeof t.model === "string" &&
        typeof t.timeScale === "number"
      ) {
        emulator = { gpu: t.gpu, model: t.model, timeScale: t.timeScale };
      }
    }
    return emulator ? { models, emulator } : { models };
  } catch {
    return undefined;
  }
}
