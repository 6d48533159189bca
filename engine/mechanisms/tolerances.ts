/** Relative tolerance of supply conservation (floating-point sums over many accounts). */
export const SUPPLY_TOLERANCE = 1e-9;
/** Relative tolerance of the AMM product check (one rounding per swap). */
export const PRODUCT_TOLERANCE = 1e-12;
