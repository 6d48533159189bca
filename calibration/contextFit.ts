/**
 * Sizing a request to the context window of the model that serves it, the same way for every
 * target: a server that states its context (HTTP), the emulator (its context or KV cache) and
 * llama.cpp in process (one sequence's context).
 */
import type { GenRequest } from "./backend.ts";

/** Tokens a chat template adds around the user's message (a generous allowance). */
export const CHAT_TEMPLATE_TOKENS = 32;

/** The context a request must fit in. */
export interface ContextLimit {
  /** Longest prompt + output one request may have, tokens. */
  readonly contextTokens: number;
  /** Tokens of the context taken by what wraps the prompt (a chat template); default 0. */
  readonly reservedTokens?: number;
  /** Tokens the model makes of one synthetic prompt word; default 1. */
  readonly tokensPerWord?: number;
}

/**
 * The request cut to the context: the answer keeps its length where it can (it is what is
 * measured) and the prompt gives way; an answer longer than half of the context is cut to
 * that half, the prompt getting the other. A request that fits, or that carries its own
 * prompt text (a trace's, sent as it is), is returned unchanged (the same object).
 */
export function fitToContext(req: GenRequest, limit: ContextLimit): GenRequest {
  if (req.prompt !== undefined) return req;
  const budget = limit.contextTokens - (limit.reservedTokens ?? 0);
  if (budget < 2) return req;
  const perWord = limit.tokensPerWord ?? 1;
  if (Math.ceil(req.promptTokens * perWord) + req.outputTokens <= budget) return req;
  const outputTokens = Math.min(req.outputTokens, Math.floor(budget / 2));
  const promptTokens = Math.max(1, Math.floor((budget - outputTokens) / perWord));
  return { ...req, promptTokens: Math.min(req.promptTokens, promptTokens), outputTokens };
}
