/**
 * The Azure Resource Manager client the command line uses (`vmapps status`, `republish`, and
 * rollout next): @azure/arm-compute's ComputeManagementClient, which brings ARM's retries,
 * throttling (429 with Retry-After) and long-running operations. One factory, so every command
 * signs in, picks its cloud and trusts certificates the same way.
 * https://learn.microsoft.com/javascript/api/@azure/arm-compute/computemanagementclient
 */
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import type { ComputeManagementClient } from "@azure/arm-compute";
import type { AccessToken, TokenCredential } from "@azure/identity";
import { azureIdentity } from "../staging/azureSdk";
import { ArmError } from "./errors";
import { armCompute } from "./sdk";

/** A bearer token for ARM, e.g. from `az account get-access-token --query accessToken -o tsv`. */
export const ACCESS_TOKEN_ENV = "AZURE_ACCESS_TOKEN";
/** Azure's public cloud; sovereign clouds have their own (e.g. https://management.usgovcloudapi.net). */
export const DEFAULT_ARM_ENDPOINT = "https://management.azure.com";

export interface ArmClientOptions {
  subscriptionId: string;
  /**
   * Resource Manager endpoint: also decides the token's scope (`<endpoint>/.default`).
   * @default DEFAULT_ARM_ENDPOINT
   * @see https://learn.microsoft.com/azure/azure-resource-manager/management/overview
   */
  endpoint?: string;
  /**
   * How to sign in. @default a bearer token from AZURE_ACCESS_TOKEN when set, else
   * DefaultAzureCredential
   */
  credential?: TokenCredential;
  /** Where AZURE_ACCESS_TOKEN is read from. @default process.env */
  env?: Readonly<Record<string, string | undefined>>;
  /** Extra CA certificates (PEM) to trust besides the system roots. @default undefined */
  caCert?: string;
}

/** `exp` of a JWT access token, in ms; undefined for a token that is not a readable JWT. */
function jwtExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      exp?: unknown;
    };
    return typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A credential that hands out one fixed token. An expired JWT is refused before any request,
 * with the command that gets a new one; the token itself never appears in a message.
 */
export function accessTokenCredential(token: string, now = Date.now()): TokenCredential {
  const expiry = jwtExpiry(token);
  if (expiry !== undefined && expiry <= now) {
    throw new ArmError(
      "AccessTokenExpired",
      `the token in ${ACCESS_TOKEN_ENV} expired at ${new Date(expiry).toISOString()}`,
      `get a new one: export ${ACCESS_TOKEN_ENV}=$(az account get-access-token --query accessToken -o tsv), or unset it to sign in through DefaultAzureCredential`,
    );
  }
  // Without a readable expiry, an hour: the pipeline asks again after that and gets the same.
  const access: AccessToken = { token, expiresOnTimestamp: expiry ?? now + 3_600_000 };
  return { getToken: async () => access };
}

/** AZURE_ACCESS_TOKEN when set, else DefaultAzureCredential (az login, managed identity, OIDC…). */
export function armCredential(env: Readonly<Record<string, string | undefined>>): TokenCredential {
  const token = env[ACCESS_TOKEN_ENV]?.trim();
  if (token) return accessTokenCredential(token);
  return new (azureIdentity().DefaultAzureCredential)();
}

/** An https URL without a trailing slash, or an ArmError saying what is expected. */
export function armEndpoint(endpoint: string | undefined): string {
  const given = (endpoint ?? DEFAULT_ARM_ENDPOINT).trim().replace(/\/+$/, "");
  if (!URL.canParse(given) || new URL(given).protocol !== "https:") {
    throw new ArmError(
      "ArmEndpoint",
      `the Resource Manager endpoint ${given === "" ? "''" : given} is not an https URL`,
      `give its https URL, e.g. ${DEFAULT_ARM_ENDPOINT} (Azure public cloud) or https://management.usgovcloudapi.net (Azure Government)`,
    );
  }
  return given;
}

export function computeClient(options: ArmClientOptions): ComputeManagementClient {
  const endpoint = armEndpoint(options.endpoint);
  const credential = options.credential ?? armCredential(options.env ?? process.env);
  const { ComputeManagementClient } = armCompute();
  return new ComputeManagementClient(credential, options.subscriptionId, {
    // The generated operations build URLs from $host, the pipeline from endpoint: set both.
    endpoint,
    $host: endpoint,
    credentialScopes: [`${endpoint}/.default`],
    ...(options.caCert && {
      agent: new Agent({ keepAlive: true, ca: [...rootCertificates, options.caCert] }),
    }),
  });
}
