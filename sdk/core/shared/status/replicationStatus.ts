/**
 * Where a published version stands, region by region, from what Azure answers to
 * `GET …/versions/{name}?$expand=ReplicationStatus` (`ReplicationStatus` and
 * `RegionalReplicationStatus` in GalleryRP 2024-03-03). The same for application and image
 * versions. Pure.
 * https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery#replication
 */
import { normalizeRegion, sameRegion } from "../regions";

/** `ReplicationState` in the REST spec: the state of one region. */
export const REGION_REPLICATION_STATES = ["Completed", "Failed", "Replicating", "Unknown"] as const;
export type RegionReplicationState = (typeof REGION_REPLICATION_STATES)[number];

/**
 * The state of the whole version, as a user reads it: `Available` (every region completed),
 * `PartiallyAvailable` (some completed, some failed), `Failed` (failed, none completed),
 * `Replicating` (a region is still copying), `Unknown` (Azure said nothing usable, or offline).
 */
export const VERSION_REPLICATION_STATES = [
  "Available",
  "PartiallyAvailable",
  "Failed",
  "Replicating",
  "Unknown",
] as const;
export type VersionReplicationState = (typeof VERSION_REPLICATION_STATES)[number];

export interface RegionReplication {
  region: string;
  state: RegionReplicationState;
  /** Percent copied, 0..100, when Azure reports it. */
  progress?: number;
  /** Azure's words about the region (the reason of a failure); empty when none. */
  details: string;
}

export interface ReplicationStatus {
  state: VersionReplicationState;
  regions: RegionReplication[];
}

/** Azure's `ReplicationStatus`, as read from the REST answer or the azure-native output. */
export interface AzureReplicationStatus {
  aggregatedState?: string;
  summary?: Array<{ region?: string; state?: string; progress?: number; details?: string }>;
}

/**
 * Exit codes of `vmapps status` and `vmapps republish`, one per state, so CI can branch on them
 * (1 and 2 keep their meaning across the command: failed operation, invalid arguments).
 */
export const REPLICATION_EXIT_CODES: Readonly<Record<VersionReplicationState, number>> = {
  Available: 0,
  PartiallyAvailable: 3,
  Failed: 4,
  Replicating: 5,
  Unknown: 6,
};

function regionStateOf(state: unknown): RegionReplicationState {
  const found = REGION_REPLICATION_STATES.find(
    (known) => known.toLowerCase() === String(state).toLowerCase(),
  );
  return found ?? "Unknown";
}

function progressOf(progress: unknown): number | undefined {
  return typeof progress === "number" && Number.isFinite(progress)
    ? Math.min(100, Math.max(0, progress))
    : undefined;
}

/** Azure's aggregate, used only when it lists no region. */
function stateFromAggregate(aggregated: unknown): VersionReplicationState {
  switch (String(aggregated).toLowerCase()) {
    case "inprogress":
      return "Replicating";
    case "failed":
      return "Failed";
    default:
      // "Completed" of no region says nothing about where the version can be used.
      return "Unknown";
  }
}

/** The version's state from its regions' states (see VERSION_REPLICATION_STATES). */
export function versionStateOf(
  regions: readonly Pick<RegionReplication, "state">[],
): VersionReplicationState {
  if (regions.length === 0) return "Unknown";
  const count = (state: RegionReplicationState) =>
    regions.filter((region) => region.state === state).length;
  if (count("Replicating") > 0) return "Replicating";
  if (count("Completed") === regions.length) return "Available";
  if (count("Failed") > 0) return count("Completed") > 0 ? "PartiallyAvailable" : "Failed";
  return "Unknown";
}

/**
 * The status of a version from Azure's answer. Regions come in Azure's order; a target region
 * Azure does not list yet is added as Unknown, so the table shows every region the version
 * should reach. No status at all (offline, or a GET without $expand) reads as Unknown.
 */
export function replicationStatusOf(
  azure: AzureReplicationStatus | undefined,
  targetRegions: ReadonlyArray<{ name?: string }> = [],
): ReplicationStatus {
  const regions: RegionReplication[] = (azure?.summary ?? [])
    .filter((entry) => typeof entry.region === "string" && entry.region !== "")
    .map((entry) => {
      const progress = progressOf(entry.progress);
      return {
        region: entry.region as string,
        state: regionStateOf(entry.state),
        ...(progress !== undefined && { progress }),
        details: typeof entry.details === "string" ? entry.details : "",
      };
    });
  for (const target of targetRegions) {
    if (!target.name || regions.some((region) => sameRegion(region.region, target.name ?? ""))) {
      continue;
    }
    regions.push({ region: target.name, state: "Unknown", details: "" });
  }
  const listed = (azure?.summary ?? []).length > 0;
  const state = listed ? versionStateOf(regions) : stateFromAggregate(azure?.aggregatedState);
  return { state, regions };
}

/** Regions in a given state, by their normalised names. */
export function regionsIn(status: ReplicationStatus, state: RegionReplicationState): string[] {
  return status.regions
    .filter((region) => region.state === state)
    .map((region) => normalizeRegion(region.region));
}

/** A one-line summary: "PartiallyAvailable: 2 of 3 regions completed, 1 failed". */
export function statusSummary(status: ReplicationStatus): string {
  const total = status.regions.length;
  const parts = REGION_REPLICATION_STATES.filter((state) => state !== "Completed")
    .map((state) => [state, regionsIn(status, state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state.toLowerCase()}`);
  const completed = regionsIn(status, "Completed").length;
  const regions = total === 0 ? "no region reported" : `${completed} of ${total} regions completed`;
  return [`${status.state}: ${regions}`, ...parts].join(", ");
}
