/**
 * Target regions of a versioned gallery artifact (an application version today, an image version
 * next): the region arguments, the replica plan wired to the planner (sdk/core/shared/replication.ts)
 * and the region checks. Written once; a new artifact passes its own arguments in.
 * @see https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery#replication
 */
import { planReplication, type ReplicationPlan } from "../../core";
import { unknownRegionProblems } from "../../core/shared/azureRegions";
import { objectShape } from "../../core/shared/keys";
import type { Problem } from "../../core/shared/problems";
import { REGION_SHAPE, regionField } from "../../core/shared/replication";
import type { BlobType, StorageAccountType } from "./types";

/**
 * What will be deployed at the same time in a region; drives the recommended replica count.
 * @see https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery#scaling
 */
export interface ReplicaDemandArgs {
  /** VMs created at the same time (one replica per 20). @default 0 */
  vms?: number;
  /** Instance count of each scale-set deployment made at the same time (one replica per 600). @default [] */
  scaleSets?: number[];
  /** Simultaneous package downloads expected (one replica per 200). @default none */
  concurrentDownloads?: number;
}

/**
 * One target region. An explicit `replicas` wins over `demand`, and the plan says so.
 * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update#targetregion
 */
export interface RegionArgs {
  /** Replicas in this region, 1..10 (at most 3 on a block blob). @default from `demand`, else 1 */
  replicas?: number;
  /** Demand the replica count is recommended from. @default none */
  demand?: ReplicaDemandArgs;
  /** Storage for replicas here; not changeable once published. @default the version's */
  storageAccountType?: StorageAccountType;
  /** Hide this version from "latest" in this region. @default the version's */
  excludeFromLatest?: boolean;
}

/**
 * A region entry is what the replica planner reads, so its keys and hint are the planner's (one
 * rule for components, fleet files and the planner's own callers); declared again here so that
 * tsc holds them equal to the keys of RegionArgs and ReplicaDemandArgs.
 */
export const REGION_ARGS = objectShape<RegionArgs>(
  { ...REGION_SHAPE.keys },
  { hint: REGION_SHAPE.hint },
);

/** Replicas planned for one region, and why. */
export interface RegionReplicaPlan {
  /** Normalised region name. */
  region: string;
  /** Replicas requested from Azure. */
  replicas: number;
  /** Replicas the demand called for before any limit. */
  wanted: number;
  /** "explicit", "demand" or "default". */
  source: string;
  /**
   * The rule that decided `wanted`: "vms", "scale-sets", "vms-and-scale-sets",
   * "concurrent-downloads" or "minimum" (from demand, or no demand), or "explicit".
   */
  decidedBy: string;
  /** "block-blob-limit" or "region-max" when `wanted` was capped. */
  limitedBy?: string;
  /** One sentence per rule applied. */
  reasons: string[];
  /** True when the region is the version's location and was not listed. */
  addedBecauseLocation?: boolean;
}

/** One entry of `publishingProfile.targetRegions`, as sent to Azure. */
export interface TargetRegionOutput {
  name: string;
  regionalReplicaCount: number;
  storageAccountType?: string;
  excludeFromLatest?: boolean;
}

/** Region that stands in for a location not known yet; only the blob type is used then. */
export const LOCATION_STAND_IN = "location";

/**
 * Region names Azure does not know would only fail at deployment; new regions open and
 * sovereign clouds have others, so these are warnings.
 */
export function regionNameProblems(
  regions: Record<string, RegionArgs> | undefined,
  location: string | undefined,
): Problem[] {
  const problems: Problem[] = [];
  if (location !== undefined && location.trim() !== "") {
    problems.push(...unknownRegionProblems(location, "location"));
  }
  if (regions && typeof regions === "object") {
    for (const region of Object.keys(regions)) {
      if (region.trim() !== "")
        problems.push(...unknownRegionProblems(region, regionField(region)));
    }
  }
  return problems;
}

/** What the replication plan reads from the arguments. */
export interface PlanArgs {
  regions?: Record<string, RegionArgs>;
  blobType?: BlobType;
  storageAccountType?: StorageAccountType;
}

export function planFor(args: PlanArgs, location: string): ReplicationPlan {
  return planReplication({
    location,
    regions: args.regions ?? {},
    blobType: args.blobType,
    storageAccountType: args.storageAccountType,
  });
}

export function toRegionReplicaPlan(plan: ReplicationPlan["regions"][number]): RegionReplicaPlan {
  return {
    region: plan.region,
    replicas: plan.replicas,
    wanted: plan.wanted,
    source: plan.source,
    decidedBy: plan.decidedBy,
    reasons: plan.reasons,
    ...(plan.limitedBy !== undefined && { limitedBy: plan.limitedBy }),
    ...(plan.addedBecauseLocation !== undefined && {
      addedBecauseLocation: plan.addedBecauseLocation,
    }),
  };
}

/** Per-region storage account types as one comparable string: "eastus=Premium_LRS,…". */
export function regionStorageTypes(
  targetRegions: ReadonlyArray<{ name: string; storageAccountType?: string }>,
): string {
  return targetRegions
    .filter((region) => region.storageAccountType !== undefined)
    .map((region) => `${region.name}=${region.storageAccountType}`)
    .sort()
    .join(",");
}
