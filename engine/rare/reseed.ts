import { hash53 } from "../rng/seed.ts";
import type { World } from "../state/world.ts";

/**
 * Re-seeds every random stream of a world in place (the generators the phases
 * captured at their creation are the same objects): stream `c` continues from
 * the seed `hash53("tokensim/rare/<seed>/<runIndex>/<c>/<branch>")`. The
 * samplers of engine/rng/distributions.ts keep no cached draws (Box-Muller
 * discards its second deviate), so nothing else carries randomness across
 * steps. A custom phase's stream created after the re-seeding (`w.stream(name)`
 * on first use) starts from its usual seed.
 */
export function reseedWorld(w: World, branch: string): void {
  for (const c of Object.keys(w.rng).sort()) {
    w.rng[c]!.reseed(String(hash53(`tokensim/rare/${w.seed}/${w.runIndex}/${c}/${branch}`)));
  }
}
