import { Type } from "@sinclair/typebox";
import { int, share } from "../../params/fields.ts";

/**
 * The `rings` parameter section: coordinated cheating rings (docs/agents.md).
 * Off by default (`share` 0): no cheater is in a ring and every output is what
 * it was without rings.
 */
export const ringsSection = {
  share: share(
    0,
    "share of cheaters that join a cheating ring (0 = no rings); the n-th cheater to appear joins when ⌊(n+1)·share⌋ > ⌊n·share⌋, so exactly this share of them (no random draw)",
    { kind: "setting", note: "off by default: the attack being studied sets it" },
  ),
  size: int(10, {
    unit: "providers",
    description:
      "members per ring: ring members are grouped in order of appearance, a new ring opening when the last is full (0 = one ring of every member); members that leave are not replaced",
    minimum: 0,
    maximum: 1_000_000,
    provenance: { kind: "setting", note: "size of the coordinated group under study" },
  }),
  collusion: Type.Boolean({
    default: true,
    unit: "flag",
    description:
      "ring members re-running a sampled job of their own ring approve a fake: a ring member's sampled job escapes with probability the ring's share of the re-run capacity (its share of the work done this step)",
    provenance: { kind: "setting", note: "what a ring does, when there are rings" },
  }),
  pooled: Type.Boolean({
    default: true,
    unit: "flag",
    description:
      "with providers.cheatStrategy adaptive: a ring pools its members' catches and faked jobs and sets one cheat fraction for all of them, by best response to the pooled catch rate (else each member learns alone)",
    provenance: { kind: "setting", note: "what a ring does, when there are rings" },
  }),
};

/** Settings of cheating rings (the `rings.*` parameters; see `ringsSection`). */
export interface RingParams {
  share: number;
  size: number;
  collusion: boolean;
  pooled: boolean;
}
