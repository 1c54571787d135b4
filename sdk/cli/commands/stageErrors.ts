/**
 * Storage service refusals during `vmapps stage`, as one line naming the service's error code
 * and HTTP status, plus the fix for that code. The service's own message is shown only for codes
 * without a fix of their own, first line only, with anything that looks like a credential
 * removed.
 * https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes
 * https://learn.microsoft.com/rest/api/storageservices/common-rest-api-error-codes
 */
import { serviceErrorCode } from "../../staging/errors";
import { CliError } from "../errors";

export interface StageTargetInfo {
  container: string;
  /** Signed in through --account-url (Entra ID) rather than a connection string's key. */
  signedIn: boolean;
}

interface Explained {
  message: string;
  fix: string;
}

const ROLE = '"Storage Blob Data Contributor"';
const RERUN = "run the same command again: blocks already stored are not sent again";
const NETWORK =
  "the account's networking (firewall, virtual networks, private endpoint) admits this machine";

function credentialFix(target: StageTargetInfo): string {
  return target.signedIn
    ? `give your identity the ${ROLE} role on the account or container, and check that ${NETWORK}`
    : `check the account key in the connection string (copy it again: portal → Access keys, or \`az storage account show-connection-string\`), and that ${NETWORK}`;
}

const leased = (): Explained => ({
  message: "the blob is leased by another client",
  fix: "wait for the lease to end or break it (`az storage blob lease break`), or stage under another --blob name",
});

const busy = (): Explained => ({
  message: "the storage service stayed busy or failing through every retry",
  fix: `wait a few minutes, then ${RERUN}`,
});

/** Fixes for the codes a stage meets in practice; others fall back to their HTTP status. */
const BY_CODE: Record<string, (target: StageTargetInfo) => Explained> = {
  ContainerNotFound: ({ container }) => ({
    message: `container ${container} does not exist`,
    fix: `add --create-container to create it, or check --container ${container} and the storage account`,
  }),
  ContainerBeingDeleted: ({ container }) => ({
    message: `container ${container} is being deleted`,
    fix: "wait until Azure has deleted it (a minute or so), then run the same command with --create-container, or use another --container",
  }),
  AuthorizationPermissionMismatch: () => ({
    message: "your identity is not allowed to write blobs in this storage account",
    fix: `assign it the ${ROLE} role on the account or the container (Owner or Contributor alone cannot write blobs); a new role assignment takes a few minutes to apply`,
  }),
  AuthorizationFailure: (target) => ({
    message: "the storage account refused the request",
    fix: credentialFix(target),
  }),
  AuthenticationFailed: (target) => ({
    message: "the storage account could not authenticate the request",
    fix: target.signedIn
      ? "sign in again (`az login`) to the storage account's tenant, and check this machine's clock"
      : "the account key is wrong or was rotated: copy the connection string again (portal → Access keys, or `az storage account show-connection-string`), and check this machine's clock",
  }),
  InvalidAuthenticationInfo: () => ({
    message: "the storage account refused the sign-in token",
    fix: "sign in again (`az login`) to the storage account's tenant",
  }),
  KeyBasedAuthenticationNotPermitted: () => ({
    message: "the storage account does not allow access with its keys (a connection string)",
    fix: `use --account-url https://<account>.blob.core.windows.net to sign in with Entra ID (your identity needs ${ROLE})`,
  }),
  AuthorizationSourceIPMismatch: () => ({
    message: "this machine's IP address is not allowed by the credential",
    fix: "use a credential that allows this address, or --account-url to sign in with Entra ID",
  }),
  AccountIsDisabled: () => ({
    message: "the storage account is disabled",
    fix: "re-enable it (its subscription may be disabled), or stage to another account",
  }),
  ResourceNotFound: () => ({
    message: "the storage endpoint has no such account or resource",
    fix: "check the account name in the connection string or --account-url",
  }),
  BlobImmutableDueToPolicy: () => ({
    message: "the blob is under an immutability policy or legal hold and cannot be replaced",
    fix: "stage under another --blob name, or leave out --blob for a content-addressed name",
  }),
  LeaseIdMissing: leased,
  LeaseIdMismatchWithBlobOperation: leased,
  Md5Mismatch: () => ({
    message:
      "a block arrived with other bytes than were hashed: the package changed while it was staged",
    fix: `leave the package unchanged while it is staged, then ${RERUN}`,
  }),
  InvalidBlockList: () => ({
    message:
      "the blocks to commit are gone (uncommitted blocks expire after 7 days, or another upload to the same blob replaced them)",
    fix: "run the same command again",
  }),
  ServerBusy: busy,
  OperationTimedOut: busy,
  InternalError: busy,
};

function byStatus(status: number, target: StageTargetInfo): string {
  if (status === 401 || status === 403) return credentialFix(target);
  if (status === 404) return `check the storage account and --container ${target.container}`;
  if (status === 409 || status === 412) {
    return "another client may be changing the same blob or container: run the same command again, or stage under another --blob name";
  }
  if (status === 408 || status === 429 || status >= 500) return `wait a few minutes, then ${RERUN}`;
  return "check the storage account's settings against the message; run again with VMAPPS_DEBUG=1 for the full response if it does not explain itself";
}

/** Query values and connection-string parts that carry a secret: never printed. */
const SECRETS = /\b(sig|AccountKey|SharedAccessSignature)=[^&;\s]+/gi;

function firstLine(message: unknown): string {
  return (typeof message === "string" ? (message.split("\n")[0] ?? "") : "")
    .replace(SECRETS, "$1=[redacted]")
    .trim()
    .replace(/\.$/, "");
}

/**
 * A storage service refusal (RestError with an HTTP status) as a CliError that names its code,
 * status and fix; undefined for anything else (network, TLS and sign-in failures have their own
 * handling in main).
 */
export function storageFailure(error: unknown, target: StageTargetInfo): CliError | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  if (typeof status !== "number" || status <= 0) return undefined;
  const code = serviceErrorCode(error);
  const tag = `(${code ? `${code}, ` : ""}HTTP ${status})`;
  const explained = code ? BY_CODE[code]?.(target) : undefined;
  if (explained) return new CliError(`${explained.message} ${tag}`, explained.fix);
  const said = firstLine((error as { message?: unknown }).message);
  return new CliError(
    `the storage service refused the request${said ? `: ${said}` : ""} ${tag}`,
    byStatus(status, target),
  );
}
