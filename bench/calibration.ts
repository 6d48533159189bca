// Benchmark of the calibration harness (prints figures; not a test). Run with:
//   npx tsx bench/calibration.ts
// 1. In-process emulated backend on a virtual clock, levels spread over piscina workers:
//    how many requests per wall-clock second the harness drives.
// 2. The same emulator paced on the real clock (time scale 1): if the harness keeps up, it
//    measures the requests/s the emulator's model allows, as on the virtual clock.
// 3. For reference, HTTP/SSE against `tokensim emulate` running in this process.
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { startEmulatorServer } from "../calibration/emulatorServer.ts";
import { GPUS } from "../calibration/gpus.ts";
import { runCalibration } from "../calibration/harness.ts";
import { MODELS } from "../calibration/models.ts";

const workload = fileURLToPath(new URL("../calibration/workloads/short.ts", import.meta.url));
const cpus = availableParallelism();
console.log(`tokensim calibration benchmark: Node ${process.version}, ${cpus} CPUs`);

{
  const levels = [64, 128, 256, 512];
  const run = await runCalibration({
    target: "emulated:h200:llama3.2-1b",
    workloadPath: workload,
    mode: "closed",
    levels,
    durationMs: 20_000,
    warmupMs: 1_000,
    workers: cpus,
  });
  const requests = run.results.reduce((s, r) => s + r.completed, 0);
  const tokens = run.results.reduce((s, r) => s + r.outputTokensInWindow, 0);
  const wallS = run.wallMs / 1000;
  console.log(
    `in-process emulated (virtual clock, ${cpus} workers, concurrency ${levels.join(",")}, 20 s emulated each):`,
  );
  console.log(
    `  ${requests} requests, ${tokens} streamed tokens in ${wallS.toFixed(2)} s wall = ` +
      `${Math.round(requests / wallS)} requests/s, ${Math.round(tokens / wallS)} tokens/s driven`,
  );
  for (const p of run.profile.points) {
    console.log(
      `  c=${p.load}: emulated ${Math.round(p.outputTokensPerSec)} tokens/s, ${Math.round(p.requestsPerSec)} req/s, TTFT p50 ${p.ttftMs.p50?.toFixed(2)} ms`,
    );
  }
}

{
  const level = 256;
  const common = {
    target: "emulated:h200:llama3.2-1b",
    workloadPath: workload,
    mode: "closed" as const,
    levels: [level],
    durationMs: 6_000,
    warmupMs: 1_000,
    workers: 1,
  };
  const model = await runCalibration({ ...common, timeScale: 0 });
  const paced = await runCalibration({ ...common, timeScale: 1 });
  const m = model.profile.points[0]!;
  const p = paced.profile.points[0]!;
  console.log(
    `in-process emulated on the real clock (time scale 1, concurrency ${level}, 5 s measured):`,
  );
  console.log(
    `  harness measured ${Math.round(p.requestsPerSec)} requests/s, ${Math.round(p.outputTokensPerSec)} tokens/s; ` +
      `the emulator's model allows ${Math.round(m.requestsPerSec)} requests/s, ${Math.round(m.outputTokensPerSec)} tokens/s ` +
      `(${((100 * p.requestsPerSec) / m.requestsPerSec).toFixed(1)}%); TTFT p50 ${p.ttftMs.p50?.toFixed(2)} ms vs ${m.ttftMs.p50?.toFixed(2)} ms`,
  );
}

{
  const timeScale = 0.01;
  const srv = await startEmulatorServer({
    gpu: GPUS.h200!,
    model: MODELS["llama3.2-1b"]!,
    port: 0,
    timeScale,
  });
  try {
    const run = await runCalibration({
      target: srv.url,
      workloadPath: workload,
      mode: "closed",
      levels: [64],
      durationMs: 500_000 * timeScale * 100, // 5 s wall
      warmupMs: 50_000,
      workers: Math.max(1, cpus - 1),
      timeScale,
      modelName: "llama3.2-1b",
    });
    const r = run.results[0]!;
    const wallS = (r.windowMs * timeScale) / 1000;
    console.log(
      `HTTP/SSE to the emulator server in this process (time scale ${timeScale}, ${Math.max(1, cpus - 1)} workers, 64 streams):`,
    );
    console.log(
      `  ${r.completedInWindow} requests in ${wallS.toFixed(2)} s wall = ${Math.round(r.completedInWindow / wallS)} requests/s, ` +
        `${Math.round(r.outputTokensInWindow / wallS)} SSE tokens/s; errors ${JSON.stringify(r.errors)}`,
    );
  } finally {
    await srv.close();
  }
}
