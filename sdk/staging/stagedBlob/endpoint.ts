/**
 * Where a StagedBlob's bytes go: its blob endpoint, read from the inputs or from a connection
 * string without echoing it (it holds the account key), and the staging target built from it.
 */
import type { StagingTarget } from "../client";

interface EndpointInputs {
  accountName: string;
  containerName: string;
  blobEndpoint?: string;
  connectionString?: string;
  caCert?: string;
}

/**
 * Lowercase scheme the blob URL will have, read the way the storage SDK reads a connection
 * string; never echoes the connection string (a secret).
 */
export function blobEndpointProtocol(inputs: {
  blobEndpoint?: string;
  connectionString?: string;
}): string {
  if (inputs.connectionString) {
    const settings = new Map(
      inputs.connectionString
        .split(";")
        .map((part) => part.split("="))
        .map(([key, ...value]) => [(key ?? "").trim().toLowerCase(), value.join("=").trim()]),
    );
    // The SDK's development shortcut points at Azurite's default http://127.0.0.1:10000.
    if (settings.get("usedevelopmentstorage")?.toLowerCase() === "true") return "http";
    const endpoint = settings.get("blobendpoint");
    if (endpoint) return schemeOf(endpoint);
    // Without BlobEndpoint the SDK builds the URL from DefaultEndpointsProtocol (https if absent).
    return (settings.get("defaultendpointsprotocol") || "https").toLowerCase();
  }
  return inputs.blobEndpoint ? schemeOf(inputs.blobEndpoint) : "https";
}

function schemeOf(url: string): string {
  return /^([a-z][a-z0-9+.-]*):/i.exec(url.trim())?.[1]?.toLowerCase() ?? "https";
}

export function endpointOf(inputs: { accountName: string; blobEndpoint?: string }): string {
  return (inputs.blobEndpoint ?? `https://${inputs.accountName}.blob.core.windows.net`).replace(
    /\/+$/,
    "",
  );
}

export function targetOf(inputs: EndpointInputs, blobName?: string): StagingTarget {
  const common = { blobName, caCert: inputs.caCert };
  return inputs.connectionString
    ? { ...common, connectionString: inputs.connectionString, containerName: inputs.containerName }
    : { ...common, containerUrl: `${endpointOf(inputs)}/${inputs.containerName}` };
}
