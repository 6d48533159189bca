import { defineConfig } from "vitest/config";

// Tests that need the optional package node-llama-cpp (`npm run test:llama-cpp`; .ci/run
// installs the package first). Kept out of `npm test`, which must pass without it.
export default defineConfig({
  test: {
    include: ["test/optional/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: "forks",
    // one file at a time: real inference on few cores, and a measurement the test reports
    fileParallelism: false,
    reporters: ["default", ["json", { outputFile: "test/output/vitest-llama-cpp.json" }]],
  },
});
