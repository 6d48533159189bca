/**
 * What `tokensim emulate` accepts in a completion request, checked before any
 * token as OpenAI and vLLM check it: the model, the prompt or messages (lengths
 * in tokens, one whitespace-separated word each, or a token-id prompt's ids),
 * typed fields, `n`, and whether it fits the context.
 */

/** Most choices one request may ask for (prompts × n). */
const MAX_CHOICES = 128;

/** A request refused before any token, answered as OpenAI does: `{error: {...}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type = "invalid_request_error",
  ) {
    super(message);
  }
}

function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

const isTokenIds = (x: unknown): x is number[] =>
  Array.isArray(x) && x.length > 0 && x.every((t) => Number.isInteger(t) && t >= 0);

/**
 * Prompt lengths, tokens, one per prompt. /v1/completions takes what OpenAI does: a string,
 * an array of strings (one choice each), an array of token ids, or an array of those.
 */
function promptLengths(body: Record<string, unknown>, chat: boolean): number[] {
  const len = (text: string) => Math.max(1, countWords(text));
  if (!chat) {
    const p = body.prompt;
    if (typeof p === "string") return [len(p)];
    if (isTokenIds(p)) return [p.length];
    if (Array.isArray(p) && p.length > 0) {
      if (p.every((x) => typeof x === "string")) return p.map(len);
      if (p.every(isTokenIds)) return p.map((x) => x.length);
    }
    throw new ApiError(
      400,
      "prompt must be a string, an array of strings, an array of token ids or an array of those",
      "prompt",
    );
  }
  const msgs = body.messages;
  if (!Array.isArray(msgs) || msgs.length === 0) {
    throw new ApiError(400, "messages must be a non-empty array", "messages");
  }
  const parts: string[] = [];
  for (const m of msgs) {
    if (!m || typeof m !== "object")
      throw new ApiError(400, "messages[] must be objects", "messages");
    const content = (m as { content?: unknown }).content;
    if (typeof content === "string") parts.push(content);
    else if (Array.isArray(content)) {
      for (const part of content) {
        const t = (part as { text?: unknown } | null)?.text;
        if (typeof t === "string") parts.push(t);
      }
    }
  }
  return [len(parts.join(" "))];
}

/** An optional number field: undefined when absent or null; else checked (400 naming it). */
function optNumber(
  body: Record<string, unknown>,
  field: string,
  ok: (x: number) => boolean,
  expected: string,
): number | undefined {
  const v = body[field];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !ok(v)) {
    throw new ApiError(400, `${field} must be ${expected}, got ${JSON.stringify(v)}`, field);
  }
  return v;
}

/** What a valid completion request asks for. */
export interface Ask {
  /** One per choice, in OpenAI's order (prompt i's n choices are indices i·n … i·n + n − 1). */
  readonly choices: readonly { readonly promptTokens: number; readonly outputTokens: number }[];
  /** Prompt tokens counted once per prompt (as OpenAI's usage does). */
  readonly promptTokens: number;
  readonly stream: boolean;
  readonly includeUsage: boolean;
}

export interface AskLimits {
  readonly modelName: string;
  readonly defaultMaxTokens: number;
  /** Longest prompt + output the emulated GPU takes, tokens. */
  readonly maxRequestTokens: number;
}

/** Validates a completion request; throws {@link ApiError} with OpenAI's status and code. */
export function parseAsk(body: Record<string, unknown>, chat: boolean, lim: AskLimits): Ask {
  const model = body.model;
  // vLLM serves its one model when none is named; OpenAI insists. Take the lenient one.
  if (model !== undefined && model !== null) {
    if (typeof model !== "string") throw new ApiError(400, "model must be a string", "model");
    if (model !== lim.modelName) {
      throw new ApiError(
        404,
        `The model \`${model}\` does not exist (this server serves \`${lim.modelName}\`).`,
        "model",
        "model_not_found",
      );
    }
  }
  const prompts = promptLengths(body, chat);
  const positive = (x: number) => Number.isInteger(x) && x >= 1;
  const maxTokens =
    optNumber(body, "max_tokens", positive, "a positive integer") ??
    optNumber(body, "max_completion_tokens", positive, "a positive integer");
  optNumber(body, "temperature", (x) => x >= 0 && x <= 2, "a number from 0 to 2");
  optNumber(body, "top_p", (x) => x >= 0 && x <= 1, "a number from 0 to 1");
  const n = optNumber(body, "n", positive, "a positive integer") ?? 1;
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== "boolean") {
    throw new ApiError(400, "stream must be a boolean", "stream");
  }
  if (prompts.length * n > MAX_CHOICES) {
    throw new ApiError(400, `at most ${MAX_CHOICES} choices (prompts × n) per request`, "n");
  }
  const choices: { promptTokens: number; outputTokens: number }[] = [];
  for (const p of prompts) {
    // Without max_tokens the answer is cut to what fits, as vLLM does.
    const out = maxTokens ?? Math.min(lim.defaultMaxTokens, lim.maxRequestTokens - p);
    if (p + out > lim.maxRequestTokens || out < 1) {
      throw new ApiError(
        400,
        `This model's maximum context length is ${lim.maxRequestTokens} tokens. However, you ` +
          `requested ${p + Math.max(out, 0)} tokens (${p} in the ${chat ? "messages" : "prompt"}, ` +
          `${Math.max(out, 0)} in the completion). Please reduce the length of the ` +
          `${chat ? "messages" : "prompt"} or completion.`,
        chat ? "messages" : "prompt",
        "context_length_exceeded",
      );
    }
    for (let j = 0; j < n; j++) choices.push({ promptTokens: p, outputTokens: out });
  }
  return {
    choices,
    promptTokens: prompts.reduce((a, b) => a + b, 0),
    stream: body.stream === true,
    includeUsage:
      (body.stream_options as { include_usage?: unknown } | null | undefined)?.include_usage ===
      true,
  };
}
