/**
 * The `replicationStatus` output of a published version, application or image alike: what
 * `getGalleryApplicationVersionOutput` / `getGalleryImageVersionOutput` return with
 * `expand: "ReplicationStatus"`, mapped by the core's model (Available, PartiallyAvailable,
 * Failed, Replicating or Unknown, and each region's state, progress and details). Pure.
 * https://learn.microsoft.com/rest/api/compute/gallery-application-versions/get
 */
import {
  type AzureReplicationStatus,
  replicationStatusOf,
} from "../../core/shared/status/replicationStatus";

/**
 * One region of a published version, as the `replicationStatus` output holds it. States are
 * plain strings in the schema (other Pulumi languages read it), with the values listed.
 */
export interface RegionReplicationOutput {
  region: string;
  /** Completed, Failed, Replicating or Unknown (Azure's `ReplicationState`). */
  state: string;
  /** Percent copied, 0..100, when Azure reports it. */
  progress?: number;
  /** Azure's words about the region (the reason of a failure); empty when none. */
  details: string;
}

/** The `replicationStatus` output of a published version. */
export interface ReplicationStatusOutput {
  /**
   * Available (every region completed), PartiallyAvailable (some completed, some failed), Failed
   * (none completed), Replicating, or Unknown (offline, or Azure reported nothing usable).
   */
  state: string;
  regions: RegionReplicationOutput[];
}

/** What the azure-native invokes return for a version, reduced to what the status needs. */
export interface VersionReadResult {
  replicationStatus?: AzureReplicationStatus;
  publishingProfile?: { targetRegions?: ReadonlyArray<{ name?: string }> };
}

export function replicationStatusFromRead(result: VersionReadResult): ReplicationStatusOutput {
  return replicationStatusOf(result.replicationStatus, result.publishingProfile?.targetRegions);
}
