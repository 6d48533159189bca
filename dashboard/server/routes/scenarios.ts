import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { NotFoundError } from "../../data/resultStore.ts";
import { listScenarios, scenarioNames, scenarioParams } from "../scenarioInfo.ts";
import { NameParams } from "../schemas.ts";

/** The bundled scenarios and their parameter schemas (for the launcher form). */
export function scenarioRoutes(app: FastifyInstance): void {
  app.get("/api/scenarios", async () => listScenarios());
  app.get<{ Params: Static<typeof NameParams> }>(
    "/api/scenarios/:name",
    { schema: { params: NameParams } },
    async (req) => {
      const { name } = req.params;
      if (!scenarioNames().includes(name)) throw new NotFoundError(`no bundled scenario '${name}'`);
      const entry = (await listScenarios()).find((s) => s.name === name)!;
      return { ...entry, params: await scenarioParams(name) };
    },
  );
}
