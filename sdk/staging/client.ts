/**
 * Where staged bytes go, and the storage client for it. One pipeline shape for every call:
 * the SDK's own retries off (retry.ts decides), and an optional extra trusted CA for endpoints
 * with private certificates such as a local Azurite over HTTPS. TLS verification stays on.
 */
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import type { TokenCredential } from "@azure/identity";
import type {
  AnonymousCredential,
  BlobServiceClient,
  ContainerClient,
  Pipeline,
  RequestPolicyFactory,
  StorageSharedKeyCredential,
  WebResource,
} from "@azure/storage-blob";
import { azureIdentity, storageBlob } from "./azureSdk";

interface TargetCommon {
  /** Blob name inside the container. @default `<sha256>/<file name>` (content-addressed) */
  blobName?: string;
  /**
   * Extra CA certificate (PEM) to trust besides the system roots, e.g. a local Azurite's
   * self-signed certificate. Verification is never switched off.
   * @default undefined (system roots only)
   */
  caCert?: string;
  /**
   * Create the container when it does not exist.
   * @default false
   * @see https://learn.microsoft.com/rest/api/storageservices/create-container
   */
  createContainer?: boolean;
}

/** A container addressed by URL, e.g. `https://<account>.blob.core.windows.net/<container>`. */
export interface ContainerUrlTarget extends TargetCommon {
  containerUrl: string;
  /**
   * Entra ID credential (needs "Storage Blob Data Contributor") or a shared key. A URL that
   * already carries a SAS needs none.
   * @default new DefaultAzureCredential()
   * @see https://learn.microsoft.com/azure/storage/blobs/authorize-access-azure-active-directory
   */
  credential?: TokenCredential | StorageSharedKeyCredential;
}

/** A container addressed by connection string (Azurite, or accounts that allow shared keys). */
export interface ConnectionStringTarget extends TargetCommon {
  /** @see https://learn.microsoft.com/azure/storage/common/storage-configure-connection-string */
  connectionString: string;
  containerName: string;
}

export type StagingTarget = ContainerUrlTarget | ConnectionStringTarget;

export function containerClientFor(target: StagingTarget): ContainerClient {
  const { AnonymousCredential, ContainerClient } = storageBlob();
  let url: string;
  let credential: TokenCredential | StorageSharedKeyCredential | AnonymousCredential;
  if ("connectionString" in target) {
    // Parsed by the SDK (keys, SAS, Azurite shortcuts), then rebuilt on our own pipeline.
    const parsed = new ContainerClient(target.connectionString, target.containerName);
    url = parsed.url;
    credential = parsed.credential;
  } else {
    url = target.containerUrl;
    const carriesSas = /[?&]sig=/.test(url);
    credential =
      target.credential ??
      (carriesSas ? new AnonymousCredential() : new (azureIdentity().DefaultAzureCredential)());
  }
  return new ContainerClient(url, stagingPipeline(credential, target.caCert));
}

/** Account-level client (for user delegation keys) on the same kind of pipeline. */
export function serviceClientFor(
  accountUrl: string,
  credential: TokenCredential | StorageSharedKeyCredential,
  caCert?: string,
): BlobServiceClient {
  return new (storageBlob().BlobServiceClient)(accountUrl, stagingPipeline(credential, caCert));
}

function stagingPipeline(
  credential: TokenCredential | StorageSharedKeyCredential | AnonymousCredential,
  caCert: string | undefined,
): Pipeline {
  const pipeline = storageBlob().newPipeline(credential, { retryOptions: { maxTries: 1 } });
  if (caCert) pipeline.factories.push(trustCaPolicy(caCert));
  return pipeline;
}

/** The shared key of a client built from a connection string or a key, if any. */
export function sharedKeyOf(client: ContainerClient): StorageSharedKeyCredential | undefined {
  const { StorageSharedKeyCredential } = storageBlob();
  return client.credential instanceof StorageSharedKeyCredential ? client.credential : undefined;
}

/**
 * Sends HTTPS requests through one keep-alive agent that trusts the system roots plus `caCert`.
 * `agent` is one of the request fields the SDK passes through to its HTTP client.
 */
function trustCaPolicy(caCert: string): RequestPolicyFactory {
  const agent = new Agent({ keepAlive: true, ca: [...rootCertificates, caCert] });
  return {
    create: (next) => ({
      sendRequest(request: WebResource) {
        if (request.url.startsWith("https:")) request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
}
