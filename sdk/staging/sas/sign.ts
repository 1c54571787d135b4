/**
 * Read-only, HTTPS-only SAS URLs for a staged blob: a service SAS signed with the account key,
 * or, with an Entra ID credential, a user delegation SAS (works with shared-key access off).
 * https://learn.microsoft.com/rest/api/storageservices/create-user-delegation-sas
 */
import type { TokenCredential } from "@azure/identity";
import type { StorageSharedKeyCredential } from "@azure/storage-blob";
import { azureIdentity, storageBlob } from "../azureSdk";
import { containerClientFor, type StagingTarget, serviceClientFor, sharedKeyOf } from "../client";
import { StagingError } from "../errors";
import {
  checkSasWindow,
  SAS_PERMISSIONS,
  SAS_SERVICE_VERSION,
  type SasKind,
  type SasWindow,
  sasWindowFrom,
} from "./rules";

export interface CreateReadSasOptions extends SasWindow {
  /** Blob URL without query string, e.g. `StageResult.url`. */
  blobUrl: string;
  /**
   * Account key (base64) or shared key credential: signs a service SAS.
   * @see https://learn.microsoft.com/rest/api/storageservices/create-service-sas
   */
  accountKey?: string | StorageSharedKeyCredential;
  /**
   * Entra ID credential: signs a user delegation SAS. Needs the
   * "Storage Blob Delegator" action (included in "Storage Blob Data Contributor").
   * @see https://learn.microsoft.com/rest/api/storageservices/create-user-delegation-sas
   */
  credential?: TokenCredential;
  /** Extra CA certificate (PEM) to trust when fetching the delegation key. @default undefined */
  caCert?: string;
  /**
   * The clock the window is judged by (expired? too long?): the same one that chose the window.
   * @default new Date()
   */
  now?: Date;
}

export interface ReadSas {
  /** The blob URL with the SAS query string: a secret. */
  sasUrl: string;
  kind: SasKind;
  startsOn: Date;
  expiresOn: Date;
}

export async function createReadSas(options: CreateReadSasOptions): Promise<ReadSas> {
  if (!options.accountKey === !options.credential) {
    throw new StagingError(
      "SAS_CREDENTIAL",
      "createReadSas needs exactly one of accountKey or credential",
      "pass the account key for a service SAS, or an Entra ID credential for a user delegation SAS",
    );
  }
  const blobUrl = options.blobUrl.split("?")[0] ?? options.blobUrl;
  const protocol = new URL(blobUrl).protocol;
  if (protocol !== "https:") {
    // The SAS is HTTPS-only (spr=https), so an http URL carrying it is refused by the service.
    throw new StagingError(
      "SAS_NOT_HTTPS",
      `${blobUrl} uses ${protocol.replace(/:$/, "")}, but the read SAS is HTTPS-only and the gallery downloads over HTTPS only`,
      "use the account's https:// blob endpoint (for Azurite, start it with a certificate: --cert and --key)",
    );
  }
  const kind: SasKind = options.accountKey ? "service" : "user-delegation";
  const problems = checkSasWindow(options, kind, options.now ?? new Date());
  if (problems.length > 0) {
    throw new StagingError(
      "SAS_WINDOW",
      `invalid SAS window: ${problems.join("; ")}`,
      "choose an expiresOn in the future and after startsOn (at most 7 days ahead for a user delegation SAS)",
    );
  }
  const { BlobClient, BlobSASPermissions, generateBlobSASQueryParameters, SASProtocol } =
    storageBlob();
  const blob = new BlobClient(blobUrl);
  const values = {
    containerName: blob.containerName,
    blobName: blob.name,
    permissions: BlobSASPermissions.parse(SAS_PERMISSIONS),
    protocol: SASProtocol.Https,
    startsOn: options.startsOn,
    expiresOn: options.expiresOn,
    version: SAS_SERVICE_VERSION,
  };
  let query: string;
  if (options.accountKey) {
    const key =
      typeof options.accountKey === "string"
        ? new (storageBlob().StorageSharedKeyCredential)(blob.accountName, options.accountKey)
        : options.accountKey;
    query = generateBlobSASQueryParameters(values, key).toString();
  } else {
    const serviceClient = serviceClientFor(
      accountUrlOf(blobUrl, blob.containerName),
      options.credential as TokenCredential,
      options.caCert,
    );
    const key = await serviceClient.getUserDelegationKey(options.startsOn, options.expiresOn);
    query = generateBlobSASQueryParameters(values, key, blob.accountName).toString();
  }
  return {
    sasUrl: `${blobUrl}?${query}`,
    kind,
    startsOn: options.startsOn,
    expiresOn: options.expiresOn,
  };
}

/** Account URL of a blob URL, for both `https://<account>.blob…/c/b` and Azurite's `/<account>/c/b`. */
function accountUrlOf(blobUrl: string, containerName: string): string {
  const url = new URL(blobUrl);
  const segments = url.pathname.split("/");
  const containerAt = segments.indexOf(containerName);
  return `${url.origin}${segments.slice(0, containerAt).join("/")}`;
}

function isTokenCredential(credential: unknown): credential is TokenCredential {
  return typeof (credential as TokenCredential | undefined)?.getToken === "function";
}

/**
 * Signs the read SAS of a blob staged to `target`, with what it was staged with: the account key
 * of a connection string (or shared key) for a service SAS, else the target's Entra ID credential
 * or DefaultAzureCredential for a user delegation SAS. `now` is the clock that decided to sign,
 * so the window and the decision agree.
 */
export async function signReadSas(
  target: StagingTarget,
  blobUrl: string,
  validForDays: number,
  now = new Date(),
): Promise<ReadSas> {
  const window = sasWindowFrom(now, validForDays);
  const accountKey = sharedKeyOf(containerClientFor(target));
  if (accountKey) return createReadSas({ blobUrl, ...window, now, accountKey });
  const given = "credential" in target ? target.credential : undefined;
  const credential = isTokenCredential(given)
    ? given
    : new (azureIdentity().DefaultAzureCredential)();
  return createReadSas({ blobUrl, ...window, now, credential, caCert: target.caCert });
}
