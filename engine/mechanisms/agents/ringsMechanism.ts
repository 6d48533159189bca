import { defineMechanism, type Mechanism } from "../mechanism.ts";
import { ringsSection } from "./ringsSection.ts";

/**
 * The `rings` mechanism: coordinated cheating rings (docs/agents.md). It holds
 * the `rings.*` parameters; the `verification` phase places cheaters in rings,
 * lets rings approve their own members' fakes and (adaptive cheaters) learn one
 * cheat fraction per ring.
 */
export const ringsMechanism: Mechanism = defineMechanism({
  name: "rings",
  description:
    "coordinated cheating rings: collusion in re-runs and one learned cheat fraction per ring",
  section: ringsSection,
});
