import { type Static, Type } from "@sinclair/typebox";

/** Result ids and file names: plain names, no separators, no leading dot. */
const SafeName = Type.String({ pattern: "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$" });
const Key = Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_.]{0,99}$" });
const Value = Type.Union([
  Type.Number(),
  Type.Boolean(),
  Type.String({ pattern: "^[A-Za-z0-9_.+-]{1,64}$" }),
]);

export const IdParams = Type.Object({ id: SafeName });
export const PointParams = Type.Object({
  id: SafeName,
  point: Type.Integer({ minimum: 0, maximum: 9999 }),
});
export const RunParams = Type.Object({
  id: SafeName,
  point: Type.Integer({ minimum: 0, maximum: 9999 }),
  run: Type.Integer({ minimum: 0, maximum: 99999 }),
});
export const TableParams = Type.Object({
  id: SafeName,
  table: Type.Union([Type.Literal("runs"), Type.Literal("sweep"), Type.Literal("steps")]),
});
export const FormatQuery = Type.Object(
  { format: Type.Optional(Type.Union([Type.Literal("arrow"), Type.Literal("csv")])) },
  { additionalProperties: false },
);
export const NameParams = Type.Object({ name: SafeName });
export const SweepIdParams = Type.Object({ id: SafeName });

/** Largest sweep the server accepts (points × runs). */
export const MAX_SWEEP_RUNS = 2000;

/** POST /api/sweeps: what to run. Parameter values are checked again by the engine. */
export const LaunchBody = Type.Object(
  {
    scenario: SafeName,
    runs: Type.Integer({ minimum: 1, maximum: 200 }),
    seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 4294967295 })),
    grid: Type.Optional(
      Type.Array(
        Type.Object(
          { key: Key, values: Type.Array(Value, { minItems: 1, maxItems: 12 }) },
          { additionalProperties: false },
        ),
        { maxItems: 3 },
      ),
    ),
    sets: Type.Optional(Type.Record(Key, Value, { maxProperties: 200 })),
    recordEvery: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);
export type LaunchBody = Static<typeof LaunchBody>;
