import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { Hindcast } from "../../../engine/fit/hindcast.ts";
import { checkHindcast } from "../../data/hindcast.ts";
import { readNetworksView } from "../../data/networksView.ts";
import { readOptimizeView } from "../../data/optimizeView.ts";
import { readRareView } from "../../data/rareView.ts";
import { CorruptResultError } from "../../data/resultStore.ts";
import { readStressCompareView, readStressView } from "../../data/stressView.ts";
import { describeStudy, listStudies, readStudyJson, studyDir } from "../../data/studyFiles.ts";
import { IdParams } from "../schemas.ts";

/** A study's hindcast.json, checked; a file that is not one is a damaged result (422). */
function hindcastOf(dir: string, id: string): Hindcast {
  const h = readStudyJson<Hindcast>(dir, "hindcast.json");
  try {
    return checkHindcast(h, `${id}/hindcast.json`);
  } catch (err) {
    throw new CorruptResultError((err as Error).message);
  }
}

/**
 * Optimisation, stress, fit and counterfactual studies in the results folder
 * (`tokensim optimize`, `stress`, `fit`, `counterfactual` outputs): the list, and one study shaped for its charts.
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
      if (info.kind === "rare") return { ...info, view: readRareView(dir) ?? null };
      if (info.kind === "networks") return { ...info, view: readNetworksView(dir) ?? null };
      const view =
        info.kind === "hindcast"
          ? {
              kind: "hindcast" as const,
              counterfactual: existsSync(join(dir, "counterfactual.json")),
              hindcast: hindcastOf(dir, req.params.id),
            }
          : info.kind === "optimize"
            ? readOptimizeView(dir)
            : info.kind === "stress"
              ? readStressView(dir)
              : readStressCompareView(dir);
      // null while the study has not written its result (running or interrupted).
      return { ...info, view: view ?? null };
    },
  );
}
