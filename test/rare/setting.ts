/**
 * The shared set-up of the rare-event tests. The settings themselves live in
 * engine/rare/validation.ts, which bench/rare.ts uses too (bench and tests do
 * not import each other): the 1e-2 setting `validationSets(vol)` (the crash
 * network at 100 alike providers and 30-day runs; at vol 0.016 P(spiral) ≈
 * 1.65e-2) and the 1e-3 setting `RARE_1E3`.
 */
export { RARE_1E3, validationSets } from "../../engine/rare/validation.ts";
