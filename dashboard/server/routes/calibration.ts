import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { loadCalibrationProfile } from "../../../calibration/profile.ts";
import { CorruptResultError, insideDir, NotFoundError, safeName } from "../../data/resultStore.ts";
import { NameParams } from "../schemas.ts";

/** Calibration profiles (`*.json` from `tokensim calibrate`) in `dir`. */
export function calibrationRoutes(app: FastifyInstance, dir: string | undefined): void {
  const files = (): string[] =>
    dir && existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => f.endsWith(".json") && safeName(f) && insideDir(dir, join(dir, f)))
          .sort()
      : [];
  app.get("/api/calibration", async () =>
    files().flatMap((f) => {
      try {
        const p = loadCalibrationProfile(join(dir!, f));
        return [
          {
            name: f.slice(0, -5),
            hardwareClass: p.hardwareClass,
            model: p.model,
            points: p.points.length,
          },
        ];
      } catch {
        return []; // not a profile
      }
    }),
  );
  app.get<{ Params: Static<typeof NameParams> }>(
    "/api/calibration/:name",
    { schema: { params: NameParams } },
    async (req) => {
      const file = `${req.params.name}.json`;
      if (!files().includes(file))
        throw new NotFoundError(`no calibration profile '${req.params.name}'`);
      try {
        return loadCalibrationProfile(join(dir!, file));
      } catch {
        // Not a profile tokensim wrote (or damaged): 422, without the server's paths.
        throw new CorruptResultError(`${file} is not a valid calibration profile`);
      }
    },
  );
}
