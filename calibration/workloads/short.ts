// Short chat turns (64-token prompts, 16-token answers): many small requests; used by the
// harness benchmark (bench/calibration.ts) to stress request handling rather than the GPU.
import { defineWorkload } from "../workload.ts";

export default defineWorkload({
  name: "short",
  description: "Short turns: 64-token prompts, 16-token answers",
  mix: [{ name: "short", promptTokens: 64, outputTokens: 16 }],
  arrival: { kind: "poisson" },
});
