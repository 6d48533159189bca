import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // test/optional needs node-llama-cpp: `npm run test:llama-cpp` (vitest.llama-cpp.config.ts)
    exclude: ["test/optional/**", "**/node_modules/**"],
    testTimeout: 60_000,
    pool: "forks",
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ["default", ["json", { outputFile: "test/output/vitest.json" }]],
  },
});
