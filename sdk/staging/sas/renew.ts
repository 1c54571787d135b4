/**
 * A new read-only SAS for a blob a version was published from, once its SAS has expired: only
 * after checking that the blob still holds the recorded bytes (size and Content-MD5), since the
 * gallery would otherwise replicate other content under the same version. Signed as staging
 * signs (sign.ts): a service SAS with a connection string's key, else a user delegation SAS.
 */
import type { TokenCredential } from "@azure/identity";
import { blobDifferences, type RecordedBlob } from "../../core/shared/status/recordedBlob";
import { storageBlob } from "../azureSdk";
import { containerClientFor, type StagingTarget } from "../client";
import { StagingError } from "../errors";
import { existingBlob } from "../upload/remote";
import { DEFAULT_SAS_VALID_DAYS } from "./rules";
import { type ReadSas, signReadSas } from "./sign";

/**
 * A connection string (its key signs a service SAS; its account must hold the blob), else an
 * Entra ID credential on the blob's account (a user delegation SAS; needs "Storage Blob Data
 * Reader" and the delegator action, both in "Storage Blob Data Contributor").
 */
export interface BlobAccess {
  connectionString?: string;
  /** @default DefaultAzureCredential, when no connection string is given */
  credential?: TokenCredential;
  /** Extra CA certificate (PEM) to trust, e.g. a local Azurite's. */
  caCert?: string;
}

export interface RenewLinkOptions {
  /** The blob URL, without its SAS. */
  blobUrl: string;
  /** What the version recorded of the blob; undefined when it recorded nothing. */
  recorded: RecordedBlob | undefined;
  /** How to read the blob and sign its SAS. */
  access: BlobAccess;
  validForDays?: number;
  now?: Date;
}

/** Container and blob name of a blob URL, also Azurite's path-style `/<account>/<c>/<b>`. */
function blobPartsOf(blobUrl: string): {
  containerName: string;
  blobName: string;
  containerUrl: string;
} {
  const blob = new (storageBlob().BlobClient)(blobUrl);
  const url = new URL(blobUrl);
  const segments = url.pathname.split("/");
  const containerAt = segments.indexOf(blob.containerName);
  const containerUrl = `${url.origin}${segments.slice(0, containerAt + 1).join("/")}`;
  return { containerName: blob.containerName, blobName: blob.name, containerUrl };
}

function restageFix(recorded: RecordedBlob, container: string, blobName: string): string {
  return `stage the bytes that were published (${recorded.size} bytes, MD5 ${recorded.md5}) to that blob again: vmapps stage <the published package> --container ${container} --blob ${blobName} (with the account's --connection-string or --account-url), then run vmapps republish again; or publish a new version with pulumi up`;
}

/** Checks the blob against the record, then signs a new read SAS for it. */
export async function renewBlobLink(options: RenewLinkOptions): Promise<ReadSas> {
  const { blobUrl, recorded } = options;
  const { containerName, blobName, containerUrl } = blobPartsOf(blobUrl);
  if (!recorded) {
    throw new StagingError(
      "BLOB_NOT_RECORDED",
      `the SAS of ${blobUrl} has expired, and the version records no size and MD5 for it, so vmapps cannot tell that the blob still holds the published bytes`,
      "publish the package again with pulumi up (a VmApplicationVersion that stages its package records them and renews its SAS), or publish a new version",
    );
  }
  const { connectionString, credential, caCert } = options.access;
  const target: StagingTarget = connectionString
    ? { connectionString, containerName, blobName, caCert }
    : { containerUrl, credential, blobName, caCert };
  const container = containerClientFor(target);
  if (container.url.replace(/\/+$/, "") !== containerUrl) {
    throw new StagingError(
      "OTHER_ACCOUNT",
      `the storage credential given is for ${container.url}, but the blob is in ${containerUrl}`,
      "give the connection string (or account) of the storage account that holds the blob",
    );
  }
  const found = await existingBlob(container.getBlobClient(blobName), { maxAttempts: 3 });
  const differences = blobDifferences(
    recorded,
    found && {
      size: found.size,
      // Content-MD5 is base64; the record is hex, as md5sum prints it.
      md5: found.md5 && Buffer.from(found.md5, "base64").toString("hex"),
    },
  );
  if (differences.length > 0) {
    throw new StagingError(
      "BLOB_CHANGED",
      `the blob ${containerName}/${blobName} (${blobUrl}) no longer holds what was published: ${differences.join("; ")}`,
      restageFix(recorded, containerName, blobName),
    );
  }
  return signReadSas(target, blobUrl, options.validForDays ?? DEFAULT_SAS_VALID_DAYS, options.now);
}
