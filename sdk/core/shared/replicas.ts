import { describeValue } from "./fields";
import { ANY_VALUE, objectShape, unknownKeyProblems } from "./keys";
import {
  BLOCK_BLOB_REPLICA_MAX,
  CONCURRENT_DOWNLOADS_PER_REPLICA,
  PAGE_BLOB_ALIGNMENT,
  REGIONAL_REPLICA_MAX,
  REPLICA_COUNT_MAX,
  REPLICA_COUNT_MIN,
  SCALE_SET_INSTANCES_PER_REPLICA,
  VMS_PER_REPLICA,
} from "./limits";
import { assertValid, error, type Problem } from "./problems";

// The one definition (staging and the components re-export it); an `as const` object so the
// schema Analyzer publishes it as an enum.
/**
 * Blob type of a staged package. Page blobs allow up to 10 replicas per region, block blobs 3.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications
 */
export const BlobType = { block: "block", page: "page" } as const;
export type BlobType = (typeof BlobType)[keyof typeof BlobType];

/** What will be deployed at the same time in one region. Every figure is optional. */
export interface ReplicaDemand {
  /** VMs created at the same time from this version. */
  vms?: number;
  /** Instance count of each scale-set deployment made at the same time. */
  scaleSets?: number[];
  /** Simultaneous package downloads expected in the region. */
  concurrentDownloads?: number;
}

/** The keys of a demand; any other is a typo that would drop its figure. */
export const DEMAND_SHAPE = objectShape<ReplicaDemand>({
  vms: ANY_VALUE,
  scaleSets: ANY_VALUE,
  concurrentDownloads: ANY_VALUE,
});

export interface ReplicaOptions {
  /** Blob type of the package source; it caps the replicas. @default "block" */
  blobType?: BlobType;
}

/** The rule that produced `wanted`. */
export type ReplicaRule =
  | "vms"
  | "scale-sets"
  | "vms-and-scale-sets"
  | "concurrent-downloads"
  | "minimum";

export type ReplicaLimit = "block-blob-limit" | "region-max";

export interface ReplicaRecommendation {
  /** Replicas to request: `wanted` capped by the blob type's limit. */
  replicas: number;
  /** Replicas the demand calls for before any limit. */
  wanted: number;
  blobType: BlobType;
  decidedBy: ReplicaRule;
  limitedBy?: ReplicaLimit;
  /** One sentence per rule that applied, in the order they were applied. */
  reasons: string[];
}

export const BLOB_TYPES: readonly BlobType[] = Object.values(BlobType);

/** Most replicas one region can hold for a package stored as this blob type. */
export function replicaLimit(blobType: BlobType): number {
  return blobType === "page" ? REGIONAL_REPLICA_MAX : BLOCK_BLOB_REPLICA_MAX;
}

/**
 * Problems with a demand, under `field` (for example `regions.westeurope.demand`). Counts must
 * be whole numbers ≥ 0: a fraction of a VM or a negative download count is a typo, not demand;
 * so is a scale-set deployment of 0 instances, and a key other than the three figures (`vm`).
 */
export function replicaDemandProblems(demand: ReplicaDemand, field = "demand"): Problem[] {
  if (typeof demand !== "object" || demand === null || Array.isArray(demand)) {
    return [
      error(
        field,
        `demand must be an object, not ${describeValue(demand)}.`,
        "Give { vms?, scaleSets?, concurrentDownloads? }, e.g. { vms: 120 }.",
      ),
    ];
  }
  const problems: Problem[] = unknownKeyProblems(demand, DEMAND_SHAPE, field);
  const checkCount = (value: unknown, path: string) => {
    if (value === undefined) return;
    if (typeof value !== "number") {
      const asNumber =
        typeof value === "string" && value.trim() !== "" ? Number(value) : Number.NaN;
      problems.push(
        error(
          path,
          `A count must be a number, not ${describeValue(value)}.`,
          Number.isSafeInteger(asNumber) && asNumber >= 0
            ? `Write ${asNumber} without quotes.`
            : "Give a whole number of 0 or more.",
        ),
      );
    } else if (!Number.isSafeInteger(value) || value < 0) {
      problems.push(
        error(
          path,
          Number.isFinite(value) && value >= 0
            ? `${value} is not a whole number.`
            : `${String(value)} is not a count.`,
          "Give a whole number of 0 or more.",
        ),
      );
    }
  };
  checkCount(demand.vms, `${field}.vms`);
  checkCount(demand.concurrentDownloads, `${field}.concurrentDownloads`);
  if (demand.scaleSets !== undefined) {
    if (!Array.isArray(demand.scaleSets)) {
      problems.push(
        error(
          `${field}.scaleSets`,
          "scaleSets is not a list.",
          "List the instance count of each scale-set deployment, e.g. [600, 900].",
        ),
      );
    } else {
      demand.scaleSets.forEach((count, index) => {
        const path = `${field}.scaleSets[${index}]`;
        if (count === 0) {
          problems.push(
            error(
              path,
              "A scale-set deployment of 0 instances is not a deployment; it asks for no replica.",
              "Give the instance count of each scale-set deployment (1 or more), or remove the 0; leave scaleSets out when there are none.",
            ),
          );
        } else checkCount(count, path);
      });
    }
  }
  return problems;
}

export function blobTypeProblems(blobType: unknown, field = "blobType"): Problem[] {
  if (blobType === undefined || BLOB_TYPES.includes(blobType as BlobType)) return [];
  return [error(field, `"${String(blobType)}" is not a blob type.`, 'Use "block" or "page".')];
}

/**
 * Replicas for one region, following the Azure Compute Gallery scaling guidance (Compute Gallery overview):
 * one replica per 20 VMs created at once, one per scale-set deployment of up to 600 instances
 * (VMs and scale sets add up), at least one per 200 concurrent downloads, never below 1, then
 * capped by the blob type (3 for a block blob, 10 for a page blob). Throws a
 * VmAppsValidationError naming the field when a demand figure is not a whole number ≥ 0.
 */
export function recommendReplicas(
  demand: ReplicaDemand,
  options: ReplicaOptions = {},
): ReplicaRecommendation {
  assertValid(
    [...replicaDemandProblems(demand), ...blobTypeProblems(options.blobType, "options.blobType")],
    "Replica demand",
  );
  const blobType = options.blobType ?? "block";
  const reasons: string[] = [];

  const vms = demand.vms ?? 0;
  const forVms = Math.ceil(vms / VMS_PER_REPLICA);
  if (vms > 0) {
    reasons.push(
      `${plural(vms, "VM")} created at the same time: one replica per ${VMS_PER_REPLICA} VMs → ${forVms}.`,
    );
  }

  const scaleSets = (demand.scaleSets ?? []).filter((count) => count > 0);
  const forScaleSets = scaleSets.reduce(
    (sum, count) => sum + Math.ceil(count / SCALE_SET_INSTANCES_PER_REPLICA),
    0,
  );
  if (scaleSets.length > 0) {
    reasons.push(
      `${plural(scaleSets.length, "scale-set deployment")} at the same time (${scaleSets.join(" + ")} instances): one replica per deployment of up to ${SCALE_SET_INSTANCES_PER_REPLICA} instances → ${forScaleSets}.`,
    );
  }

  const combined = forVms + forScaleSets;
  if (forVms > 0 && forScaleSets > 0) {
    reasons.push(
      `VMs and scale sets in the same region add up: ${forVms} + ${forScaleSets} → ${combined}.`,
    );
  }

  let wanted = combined;
  let decidedBy: ReplicaRule =
    forVms > 0 && forScaleSets > 0 ? "vms-and-scale-sets" : forVms > 0 ? "vms" : "scale-sets";

  // 0 downloads set no floor; saying "at least 0 (already met by 0)" would only confuse.
  if (demand.concurrentDownloads !== undefined && demand.concurrentDownloads > 0) {
    const forDownloads = Math.ceil(demand.concurrentDownloads / CONCURRENT_DOWNLOADS_PER_REPLICA);
    const decides = forDownloads > combined;
    reasons.push(
      `${plural(demand.concurrentDownloads, "concurrent download")}: about ${CONCURRENT_DOWNLOADS_PER_REPLICA} per replica → at least ${forDownloads}${decides ? "" : ` (already met by ${combined})`}.`,
    );
    if (decides) {
      wanted = forDownloads;
      decidedBy = "concurrent-downloads";
    }
  }

  if (wanted < 1) {
    wanted = 1;
    decidedBy = "minimum";
    reasons.push("Every target region holds at least 1 replica.");
  }

  const limit = replicaLimit(blobType);
  const replicas = Math.min(wanted, limit);
  let limitedBy: ReplicaLimit | undefined;
  if (wanted > limit && blobType === "block") {
    limitedBy = "block-blob-limit";
    reasons.push(
      `Capped at ${limit}: a block blob allows at most ${BLOCK_BLOB_REPLICA_MAX} replicas per region, fewer than the ${wanted} wanted. A page blob would allow up to ${REGIONAL_REPLICA_MAX} (its size must be a multiple of ${PAGE_BLOB_ALIGNMENT} bytes).`,
    );
  } else if (wanted > limit) {
    limitedBy = "region-max";
    reasons.push(
      `Capped at ${limit}: a region holds at most ${REGIONAL_REPLICA_MAX} replicas of a version, fewer than the ${wanted} wanted.`,
    );
  }

  return { replicas, wanted, blobType, decidedBy, limitedBy, reasons };
}

/**
 * The version-wide `replicaCount` (1..3), which Azure applies to any target region given
 * without its own count. The guidance is to over-provision rather than under, so this is the
 * largest per-region count, clamped to 1..3; 1 when there are no regions.
 */
export function recommendDefaultReplicaCount(
  regions: ReadonlyArray<number | { replicas: number }>,
): number {
  const counts = regions.map((region) => (typeof region === "number" ? region : region.replicas));
  const largest = Math.max(REPLICA_COUNT_MIN, ...counts.filter(Number.isFinite));
  return Math.min(REPLICA_COUNT_MAX, Math.floor(largest));
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
