// Default calibration workload: interactive chat. Prompt lengths are log-normal around 256
// tokens (system prompt + short history), answers log-normal around 128 tokens, with a minority
// of long-context requests. `--rate` levels use Poisson arrivals.
import { defineWorkload } from "../workload.ts";

export default defineWorkload({
  name: "chat",
  description: "Interactive chat: ~256-token prompts, ~128-token answers, 10% long context",
  mix: [
    {
      name: "chat",
      weight: 9,
      promptTokens: { kind: "lognormal", median: 256, sigma: 0.5, min: 16, max: 2048 },
      outputTokens: { kind: "lognormal", median: 128, sigma: 0.4, min: 8, max: 512 },
      temperature: 0.7,
      topP: 0.95,
    },
    {
      name: "long-context",
      weight: 1,
      promptTokens: { kind: "uniform", min: 2048, max: 4096 },
      outputTokens: { kind: "uniform", min: 64, max: 256 },
      temperature: 0.7,
    },
  ],
  arrival: { kind: "poisson" },
});
