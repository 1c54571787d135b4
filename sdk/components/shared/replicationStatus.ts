/**
 * The `replicationStatus` output of a published version, application or image alike: what
 * `getGalleryApplicationVersionOutput` / `getGalleryImageVersionOutput` return with
 * `expand: "ReplicationStatus"`, mapped by the core's model (Available, PartiallyAvailable,
 * Failed, Replicating or Unknown, and each region's state, progress and details). Pure.
 * https://learn.microsoft.com/rest/api/compute/gallery-application-versions/get
 */
import {
  type AzureReplicationStatus,
  type ReplicationStatus,
  replicationStatusOf,
} from "../../core/shared/status/replicationStatus";

/** What the azure-native invokes return for a version, reduced to what the status needs. */
export interface VersionReadResult {
  replicationStatus?: AzureReplicationStatus;
  publishingProfile?: { targetRegions?: ReadonlyArray<{ name?: string }> };
}

export function replicationStatusFromRead(result: VersionReadResult): ReplicationStatus {
  return replicationStatusOf(result.replicationStatus, result.publishingProfile?.targetRegions);
}
