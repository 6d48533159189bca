// Data-thread entry for piscina from the sources: registers the TypeScript
// loader (tsx) in this thread, then loads the task module (the compiled package
// loads dist/dashboard/dataWorker.js directly).
import { register } from "tsx/esm/api";

register();
const tasks = await import("./dataWorker.ts");
export default tasks.default;
