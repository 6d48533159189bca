import { providersSection } from "../../params/sections/providers.ts";
import { column } from "../../pipeline/outputs.ts";
import { Status } from "../../state/providers.ts";
import { defineMechanism, type Mechanism } from "../mechanism.ts";

/** The `providers` mechanism: the provider population: genesis draws, statuses, entries and exits. */
export const providersMechanism: Mechanism = defineMechanism({
  name: "providers",
  description: "the provider population: genesis draws, statuses, entries and exits",
  section: providersSection,
  streams: ["genesis"],
  columns: [
    column(
      "providersActive",
      "providers",
      "providers serving",
      (w) => w.roster.statusCounts[Status.Active]!,
    ),
    column(
      "providersOnboarding",
      "providers",
      "providers onboarding",
      (w) => w.roster.statusCounts[Status.Onboarding]!,
    ),
    column(
      "providersJailed",
      "providers",
      "providers jailed",
      (w) => w.roster.statusCounts[Status.Jailed]!,
    ),
    column(
      "providersExiting",
      "providers",
      "providers unbonding before they leave",
      (w) => w.roster.statusCounts[Status.Exiting]!,
    ),
    column(
      "providersPaused",
      "providers",
      "providers present but not serving by their own choice (set by custom phases)",
      (w) => w.roster.statusCounts[Status.Paused]!,
    ),
    column("entrants", "providers", "providers that joined this step", (w) => w.totals.entrants),
    column("exits", "providers", "providers that decided to exit this step", (w) => w.totals.exits),
  ],
});
