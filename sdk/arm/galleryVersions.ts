/**
 * Reading and updating a published gallery version, application or image alike, through
 * @azure/arm-compute: the version with its replication status (`$expand=ReplicationStatus`),
 * and an update (PUT or PATCH, long-running) that sends back what Azure holds with only the
 * target regions and links the caller changed. The SDK's serializer leaves out read-only
 * properties (provisioningState, publishedDate…).
 * https://learn.microsoft.com/rest/api/compute/gallery-application-versions/get
 * https://learn.microsoft.com/rest/api/compute/gallery-image-versions/get
 */
import type {
  ComputeManagementClient,
  GalleryApplicationVersion,
  GalleryImageVersion,
} from "@azure/arm-compute";
import type { GalleryVersionIdParts } from "../components/shared/resourceIds";
import {
  type ReplicationStatus,
  replicationStatusOf,
} from "../core/shared/status/replicationStatus";
import type { TargetRegionEntry } from "../core/shared/status/republish";
import { armFailure } from "./failures";

type VersionModel = GalleryApplicationVersion | GalleryImageVersion;

export interface GalleryVersion {
  id: string;
  parts: GalleryVersionIdParts;
  location: string;
  targetRegions: TargetRegionEntry[];
  allowDeletionOfReplicatedLocations?: boolean;
  status: ReplicationStatus;
  /** The package and configuration links (application versions), SAS included: secrets. */
  links: { mediaLink?: string; defaultConfigurationLink?: string };
  tags: Record<string, string>;
  /** The version as the SDK read it, sent back (changed) by an update. */
  model: VersionModel;
}

export interface VersionChanges {
  targetRegions?: TargetRegionEntry[];
  /** Renewed links (application versions); absent keeps what Azure holds. */
  links?: { mediaLink?: string; defaultConfigurationLink?: string };
}

export interface UpdateOptions {
  /** Poll interval when ARM sends no Retry-After. @default the SDK's (2 s) */
  updateIntervalInMs?: number;
}

function pathOf(parts: GalleryVersionIdParts): [string, string, string, string] {
  return [parts.resourceGroupName, parts.galleryName, parts.definitionName, parts.versionName];
}

function idOf(parts: GalleryVersionIdParts): string {
  const kind = parts.kind === "image" ? "images" : "applications";
  return `/subscriptions/${parts.subscriptionId}/resourceGroups/${parts.resourceGroupName}/providers/Microsoft.Compute/galleries/${parts.galleryName}/${kind}/${parts.definitionName}/versions/${parts.versionName}`;
}

function toVersion(parts: GalleryVersionIdParts, model: VersionModel): GalleryVersion {
  const profile = model.publishingProfile;
  const targetRegions = (profile?.targetRegions ?? []) as TargetRegionEntry[];
  const source =
    parts.kind === "application"
      ? (model as GalleryApplicationVersion).publishingProfile?.source
      : undefined;
  return {
    id: model.id ?? idOf(parts),
    parts,
    location: model.location,
    targetRegions,
    allowDeletionOfReplicatedLocations: model.safetyProfile?.allowDeletionOfReplicatedLocations,
    status: replicationStatusOf(model.replicationStatus, targetRegions),
    links: {
      ...(source?.mediaLink && { mediaLink: source.mediaLink }),
      ...(source?.defaultConfigurationLink && {
        defaultConfigurationLink: source.defaultConfigurationLink,
      }),
    },
    tags: model.tags ?? {},
    model,
  };
}

/** The version with its replication status. */
export async function readGalleryVersion(
  client: ComputeManagementClient,
  parts: GalleryVersionIdParts,
): Promise<GalleryVersion> {
  const expand = { expand: "ReplicationStatus" };
  try {
    const model =
      parts.kind === "image"
        ? await client.galleryImageVersions.get(...pathOf(parts), expand)
        : await client.galleryApplicationVersions.get(...pathOf(parts), expand);
    return toVersion(parts, model);
  } catch (error) {
    throw armFailure(error, idOf(parts));
  }
}

/** What Azure holds, with the changes, as the body of an update. */
function updatedModel(version: GalleryVersion, changes: VersionChanges): VersionModel {
  const { replicationStatus: _status, ...model } = version.model as VersionModel & {
    replicationStatus?: unknown;
  };
  const profile = { ...model.publishingProfile } as Record<string, unknown>;
  if (changes.targetRegions) profile.targetRegions = changes.targetRegions;
  if (changes.links && version.parts.kind === "application") {
    profile.source = { ...(profile.source as object), ...changes.links };
  }
  return { ...model, publishingProfile: profile } as VersionModel;
}

/**
 * Sends one update and waits for its long-running operation: PUT (createOrUpdate) sends the
 * whole version again, PATCH (update) the same properties as an update.
 */
export async function updateGalleryVersion(
  client: ComputeManagementClient,
  version: GalleryVersion,
  changes: VersionChanges,
  method: "PUT" | "PATCH",
  options: UpdateOptions = {},
): Promise<void> {
  const body = updatedModel(version, changes);
  const path = pathOf(version.parts);
  const poll = { updateIntervalInMs: options.updateIntervalInMs };
  try {
    if (version.parts.kind === "image") {
      const image = body as GalleryImageVersion;
      if (method === "PUT") {
        await client.galleryImageVersions.beginCreateOrUpdateAndWait(...path, image, poll);
      } else {
        await client.galleryImageVersions.beginUpdateAndWait(...path, image, poll);
      }
    } else {
      const application = body as GalleryApplicationVersion;
      if (method === "PUT") {
        await client.galleryApplicationVersions.beginCreateOrUpdateAndWait(
          ...path,
          application,
          poll,
        );
      } else {
        await client.galleryApplicationVersions.beginUpdateAndWait(...path, application, poll);
      }
    }
  } catch (error) {
    throw armFailure(error, version.id);
  }
}
