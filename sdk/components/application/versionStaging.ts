/**
 * How a VmApplicationVersion gets its sources and application: local paths staged as blobs
 * (StagedBlob), links turned into what may be stored, an application known only by id read from
 * Azure. Run only after the arguments passed their checks.
 */
import { statSync } from "node:fs";
import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import { recordedBlobTags, type VersionLink } from "../../core/shared/status/recordedBlob";
import { defaultArchiveFormat } from "../../staging/source/formats";
import { StagedBlob } from "../../staging/stagedBlob";
import { gate, whenPassed } from "../shared/late";
import { blobUrlWithoutSas, publicBlobUrl, sourceFingerprint } from "../shared/links";
import { type ApplicationIdParts, parseApplicationId } from "../shared/resourceIds";
import type { ApplicationRef, StorageRef } from "../shared/types";
import type { VmApplicationVersionArgs } from "./versionArgs";
/**
 * The blob URL without SAS, in plain text only when it is sure to hold no SAS material;
 * otherwise it stays as secret as the link.
 */
export function blobUrlOf(link: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi.unsecret(link).apply((value) => {
    const url = publicBlobUrl(value);
    return url !== undefined ? pulumi.output(url) : pulumi.secret(blobUrlWithoutSas(value));
  });
}

/** What the guard stores to recognise the source: never any part of a signature. */
export function fingerprintOf(link: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi.unsecret(link.apply(sourceFingerprint));
}

/**
 * Tags that record the size and MD5 of each staged blob on the version, so that `vmapps
 * republish` can check a blob still holds the published bytes before it renews an expired SAS.
 * Undefined when nothing is staged (a link given as is records nothing).
 */
export function recordedTags(
  blobs: Partial<Record<VersionLink, StagedBlob>>,
): pulumi.Output<Record<string, string>> | undefined {
  const staged = Object.entries(blobs).filter(([, blob]) => blob !== undefined) as Array<
    [VersionLink, StagedBlob]
  >;
  if (staged.length === 0) return undefined;
  const records = staged.map(([link, blob]) =>
    pulumi.all([blob.size, blob.md5]).apply(([size, md5]) => recordedBlobTags(link, { size, md5 })),
  );
  return pulumi.all(records).apply((tags): Record<string, string> => Object.assign({}, ...tags));
}

export function stage(
  resourceName: string,
  kind: "package" | "config",
  path: string | undefined,
  args: VmApplicationVersionArgs,
  application: ApplicationRef,
  blobType: pulumi.Input<string>,
  parent: pulumi.Resource,
  passed: pulumi.Output<true>,
): StagedBlob | undefined {
  if (path === undefined) return undefined;
  const storage = args.storage as StorageRef;
  const chosenFormat =
    kind === "config"
      ? (args.config?.archiveFormat ?? args.package.archiveFormat)
      : args.package.archiveFormat;
  const archiveFormat = statSync(path).isDirectory()
    ? (chosenFormat ?? pulumi.output(application.supportedOsType).apply(defaultArchiveFormat))
    : undefined;
  return new StagedBlob(
    resourceName,
    {
      source: path,
      archiveFormat,
      kind,
      accountName: storage.accountName,
      containerName: storage.containerName,
      blobEndpoint: storage.blobEndpoint,
      connectionString: storage.connectionString,
      caCert: storage.caCert,
      blobType,
      allowPadding: kind === "package" ? args.package.allowPadding : undefined,
      sasValidForDays: args.sas?.validForDays,
      sasRenewWithinDays: args.sas?.renewWithinDays,
    },
    { parent, additionalSecretOutputs: ["sasUrl"], dependsOn: gate(passed) },
  );
}

/**
 * An application known only by id: names come from the id, location and OS from Azure, read
 * once the id passed its check.
 */
export function applicationFromId(
  applicationId: pulumi.Input<string>,
  parent: pulumi.Resource,
  passed: pulumi.Output<true>,
): ApplicationRef {
  const parts = whenPassed(passed, applicationId).apply(
    (id) => parseApplicationId(id) as ApplicationIdParts,
  );
  const application = compute.getGalleryApplicationOutput(
    {
      resourceGroupName: parts.resourceGroupName,
      galleryName: parts.galleryName,
      galleryApplicationName: parts.applicationName,
    },
    { parent },
  );
  return {
    id: applicationId,
    applicationName: parts.applicationName,
    galleryName: parts.galleryName,
    resourceGroupName: parts.resourceGroupName,
    location: application.location,
    supportedOsType: application.supportedOSType,
  };
}
