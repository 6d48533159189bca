// Worker-thread entry for piscina: registers the TypeScript loader (tsx) in this
// thread, then loads the task module, so workers run the same .ts sources (and
// user scenario files) as the main thread.
import { register } from "tsx/esm/api";

register();
const tasks = await import("./tasks.ts");
export default tasks.default;
