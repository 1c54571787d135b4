/**
 * Republishing a version whose replication failed in some regions: retry the failed regions
 * only, with the settings Azure holds for the version and nothing else. Azure's advice for a
 * failed region is to retry the update, or to remove the region and add it back. Pure: the plan
 * says which target-region lists to send, in order; the caller sends them.
 * https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery#replication
 * https://learn.microsoft.com/azure/virtual-machines/shared-image-galleries#troubleshooting
 */
import { error, type Problem } from "../problems";
import { normalizeRegion, sameRegion } from "../regions";
import { type ReplicationStatus, regionsIn } from "./replicationStatus";

/**
 * `identical`: send the target-region list Azure holds again, unchanged. `readd`: remove the
 * failed regions, then add them back with their original entries (replica count, storage type).
 */
export const REPUBLISH_STRATEGIES = ["identical", "readd"] as const;
export type RepublishStrategy = (typeof REPUBLISH_STRATEGIES)[number];

/** A `TargetRegion` as Azure returns it; every property is kept as it was. */
export interface TargetRegionEntry {
  name: string;
  regionalReplicaCount?: number;
  storageAccountType?: string;
  [property: string]: unknown;
}

export interface RepublishInput {
  /** The version's own location: it must stay a target region. */
  location: string;
  /** `publishingProfile.targetRegions` as Azure holds them. */
  targetRegions: readonly TargetRegionEntry[];
  /** `safetyProfile.allowDeletionOfReplicatedLocations`; removing a region needs it true. */
  allowDeletionOfReplicatedLocations?: boolean;
  status: ReplicationStatus;
}

export interface RepublishStep {
  /** retry: the same list again; remove: without the failed regions; add: the original list. */
  action: "retry" | "remove" | "add";
  /** The full target-region list to send in this step. */
  targetRegions: TargetRegionEntry[];
}

export interface RepublishPlan {
  strategy: RepublishStrategy;
  /** Failed regions, normalised: the only ones a step changes. */
  failed: string[];
  /** Steps in order; empty when nothing failed, or when a problem stops the plan. */
  steps: RepublishStep[];
  /** Why nothing may be sent; empty when the steps can go. */
  problems: Problem[];
}

const copy = (entries: readonly TargetRegionEntry[]): TargetRegionEntry[] =>
  entries.map((entry) => structuredClone(entry));

function stateProblems(status: ReplicationStatus): Problem[] {
  if (status.state === "Replicating") {
    return [
      error(
        "replicationStatus",
        "The version is still replicating; a new update now would interrupt the regions still copying.",
        "Wait until no region is replicating (vmapps status --watch), then republish.",
      ),
    ];
  }
  if (status.state === "Unknown") {
    return [
      error(
        "replicationStatus",
        "Azure reported no usable replication status, so the failed regions are not known.",
        "Run vmapps status to see what Azure reports; republish once regions show Completed or Failed.",
      ),
    ];
  }
  return [];
}

function readdProblems(input: RepublishInput, failed: string[]): Problem[] {
  const problems: Problem[] = [];
  if (input.allowDeletionOfReplicatedLocations !== true) {
    problems.push(
      error(
        "safetyProfile.allowDeletionOfReplicatedLocations",
        "This version does not allow deletion of replicated locations, so a failed region cannot be removed and added back.",
        "Republish without --readd (the identical target-region list is sent again), or allow it on the version (VmApplicationVersion's allowDeletionOfReplicatedLocations, then pulumi up) and run --readd again.",
      ),
    );
  }
  if (failed.some((region) => sameRegion(region, input.location))) {
    problems.push(
      error(
        "publishingProfile.targetRegions",
        `The version's own location ${input.location} failed; a version's location must stay among its target regions, so it cannot be removed.`,
        "Republish without --readd to retry it with the identical target-region list.",
      ),
    );
  }
  return problems;
}

/** The steps that retry the failed regions of a version, or the problems that stop it. */
export function planRepublish(input: RepublishInput, strategy: RepublishStrategy): RepublishPlan {
  const failed = regionsIn(input.status, "Failed");
  const plan = (steps: RepublishStep[], problems: Problem[] = []): RepublishPlan => ({
    strategy,
    failed,
    steps: problems.length > 0 ? [] : steps,
    problems,
  });
  const blocked = stateProblems(input.status);
  if (blocked.length > 0) return plan([], blocked);
  if (failed.length === 0) return plan([]);
  const unlisted = input.status.regions
    .filter((region) => region.state === "Failed")
    .map((region) => region.region)
    .filter((region) => !input.targetRegions.some((entry) => sameRegion(entry.name, region)));
  if (unlisted.length > 0) {
    return plan(
      [],
      [
        error(
          "publishingProfile.targetRegions",
          `Failed region${unlisted.length === 1 ? "" : "s"} ${unlisted.join(", ")} ${unlisted.length === 1 ? "is" : "are"} not among the version's target regions, so ${unlisted.length === 1 ? "its" : "their"} original settings are not known.`,
          "Add the region to the program's regions and run pulumi up; republish only retries regions the version lists.",
        ),
      ],
    );
  }
  if (strategy === "identical") {
    return plan([{ action: "retry", targetRegions: copy(input.targetRegions) }]);
  }
  const problems = readdProblems(input, failed);
  const isFailed = (entry: TargetRegionEntry) => failed.includes(normalizeRegion(entry.name));
  return plan(
    [
      { action: "remove", targetRegions: copy(input.targetRegions.filter((e) => !isFailed(e))) },
      { action: "add", targetRegions: copy(input.targetRegions) },
    ],
    problems,
  );
}
