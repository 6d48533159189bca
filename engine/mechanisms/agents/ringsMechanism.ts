import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { RingsState } from "./rings.ts";
import { ringsSection } from "./ringsSection.ts";

/**
 * The `rings` mechanism: coordinated cheating rings (docs/agents.md). It holds
 * the `rings.*` parameters; the `verification` phase places cheaters in rings,
 * lets rings approve their own members' fakes and (adaptive cheaters) learn one
 * cheat fraction per ring; its state (`w.rings`) holds the run's rings, which
 * the `providerEconomics` phase reads for a jailed member's restake decision.
 */
export const ringsMechanism: Mechanism = defineMechanism({
  name: "rings",
  description:
    "coordinated cheating rings: collusion in re-runs and one learned cheat fraction per ring",
  section: ringsSection,
  state: (p, w) => new RingsState(p.rings, w.providers.capacity),
});
