/**
 * Republishing a version's failed regions: read what Azure holds, plan (core/shared/status/
 * republish.ts), renew an expired package SAS after checking the blob, send each step as a
 * long-running update, and watch until no region is replicating. Nothing comes from the command
 * line or a program: every setting sent is one Azure returned for the version.
 */
import type { ComputeManagementClient } from "@azure/arm-compute";
import { blobUrlWithoutSas, sasExpiry } from "../components/shared/links";
import type { GalleryVersionIdParts } from "../components/shared/resourceIds";
import { recordedBlobOf, type VersionLink } from "../core/shared/status/recordedBlob";
import {
  planRepublish,
  type RepublishPlan,
  type RepublishStep,
  type RepublishStrategy,
} from "../core/shared/status/republish";
import { type BlobAccess, renewBlobLink } from "../staging/sas/renew";
import { sasNeedsRenewal } from "../staging/sas/rules";
import {
  type GalleryVersion,
  readGalleryVersion,
  updateGalleryVersion,
  type VersionChanges,
} from "./galleryVersions";

/**
 * A SAS that ends within a day is renewed too: the regions copy the blob while they replicate,
 * which can take hours for a large package.
 */
export const REPUBLISH_RENEW_WITHIN_DAYS = 1;

export interface LinkRenewal {
  link: VersionLink;
  /** The blob, without SAS. */
  blobUrl: string;
  /** When the old SAS expired (or expires). */
  expiredOn: string;
  expiresOn: string;
  kind: string;
}

export interface RepublishOptions {
  strategy: RepublishStrategy;
  /** How to read and sign the blobs whose SAS has expired. */
  storage?: BlobAccess;
  now?: Date;
  updateIntervalInMs?: number;
  /** Told before a step is sent. */
  onStep?(step: RepublishStep, index: number, plan: RepublishPlan): void;
  onRenewed?(renewal: LinkRenewal): void;
}

export interface RepublishOutcome {
  /** The version as it was read first. */
  before: GalleryVersion;
  plan: RepublishPlan;
  renewed: LinkRenewal[];
}

const LINKS: VersionLink[] = ["mediaLink", "defaultConfigurationLink"];

/** New SAS URLs (secrets) for the version's links whose SAS has expired or soon will. */
async function renewLinks(
  version: GalleryVersion,
  options: RepublishOptions,
): Promise<{ links: NonNullable<VersionChanges["links"]>; renewed: LinkRenewal[] }> {
  const now = options.now ?? new Date();
  const links: NonNullable<VersionChanges["links"]> = {};
  const renewed: LinkRenewal[] = [];
  for (const link of LINKS) {
    const url = version.links[link];
    const expiry = url && sasExpiry(url);
    if (!url || !expiry) continue;
    if (!sasNeedsRenewal(new Date(expiry), now, REPUBLISH_RENEW_WITHIN_DAYS)) continue;
    const blobUrl = blobUrlWithoutSas(url);
    const sas = await renewBlobLink({
      blobUrl,
      recorded: recordedBlobOf(version.tags, link),
      access: options.storage ?? {},
      now,
    });
    links[link] = sas.sasUrl;
    const renewal = {
      link,
      blobUrl,
      expiredOn: expiry,
      expiresOn: sas.expiresOn.toISOString(),
      kind: sas.kind,
    };
    renewed.push(renewal);
    options.onRenewed?.(renewal);
  }
  return { links, renewed };
}

/**
 * Plans and sends the republish of one version; returns once every step's operation has
 * succeeded (the regions then replicate: watch them with watch.ts). A plan with
 * problems sends nothing.
 */
export async function republishVersion(
  client: ComputeManagementClient,
  parts: GalleryVersionIdParts,
  options: RepublishOptions,
): Promise<RepublishOutcome> {
  const before = await readGalleryVersion(client, parts);
  const plan = planRepublish(
    {
      location: before.location,
      targetRegions: before.targetRegions,
      allowDeletionOfReplicatedLocations: before.allowDeletionOfReplicatedLocations,
      status: before.status,
    },
    options.strategy,
  );
  if (plan.problems.length > 0 || plan.steps.length === 0) {
    return { before, plan, renewed: [] };
  }
  const { links, renewed } = await renewLinks(before, options);
  for (const [index, step] of plan.steps.entries()) {
    options.onStep?.(step, index, plan);
    // The identical list goes back whole (PUT); removing and adding a region is an update of
    // the target regions (PATCH), the property Azure documents as updatable.
    const method = step.action === "retry" ? "PUT" : "PATCH";
    await updateGalleryVersion(
      client,
      before,
      { targetRegions: step.targetRegions, ...(renewed.length > 0 && { links }) },
      method,
      { updateIntervalInMs: options.updateIntervalInMs },
    );
  }
  return { before, plan, renewed };
}
