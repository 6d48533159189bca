// Piscina bootstrap: worker threads do not inherit the tsx loader, so register it here and
// then load the TypeScript worker module, re-exporting its default task function.
import { register } from "tsx/esm/api";

register();
const mod = await import("./worker.ts");
export default mod.default;
