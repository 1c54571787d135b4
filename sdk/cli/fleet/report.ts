/** A fleet plan's replicas per region, computed by the core's replica planner, and their cost. */
import { estimateMonthlyCost, planReplication } from "../../core";
import type { Fleet, FleetRegion, FleetReport } from "./model";

/** Replicas per region for a fleet, with the rule that decided each and the cost. */
export function fleetReport(fleet: Fleet): FleetReport {
  const plan = planReplication({
    location: fleet.location,
    regions: fleet.regions,
    blobType: fleet.blobType,
  });
  const regions = plan.regions.map(
    (region): FleetRegion => ({
      region: region.region,
      demand: region.demand,
      replicas: region.replicas,
      wanted: region.wanted,
      rule: region.addedBecauseLocation ? "location" : region.decidedBy,
      limitedBy: region.limitedBy,
      reasons: region.reasons,
    }),
  );
  const cost =
    fleet.packageBytes !== undefined
      ? estimateMonthlyCost({
          packageBytes: fleet.packageBytes,
          sourceRegion: fleet.location,
          regions: plan.regions.map((region) => ({
            name: region.region,
            replicas: region.replicas,
          })),
        })
      : undefined;
  return { fleet, plan, regions, cost };
}
