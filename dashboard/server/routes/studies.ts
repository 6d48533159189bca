import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { readOptimizeView } from "../../data/optimizeView.ts";
import { readStressCompareView, readStressView } from "../../data/stressView.ts";
import { describeStudy, listStudies, studyDir } from "../../data/studyFiles.ts";
import { IdParams } from "../schemas.ts";

/**
 * Optimisation and stress studies in the results folder (`tokensim optimize`,
 * `tokensim stress` outputs): the list, and one study shaped for its charts.
 * Files are read only inside the study's folder, by the result routes' rules.
 */
export function studyRoutes(app: FastifyInstance, root: string): void {
  app.get("/api/studies", async () => listStudies(root));

  app.get<{ Params: Static<typeof IdParams> }>(
    "/api/studies/:id",
    { schema: { params: IdParams } },
    async (req) => {
      const dir = studyDir(root, req.params.id);
      const info = describeStudy(dir, req.params.id);
      const view =
        info.kind === "optimize"
          ? readOptimizeView(dir)
          : info.kind === "stress"
            ? readStressView(dir)
            : readStressCompareView(dir);
      // null while the study has not written its result (running or interrupted).
      return { ...info, view: view ?? null };
    },
  );
}
