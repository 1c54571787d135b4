import { VmAppsError } from "../core/shared/problems";

/**
 * A staging failure that names its cause and how to fix it; thrown before or after upload. The
 * message repeats the fix for whoever prints only messages; `reason` and `fix` are the parts.
 */
export class StagingError extends VmAppsError {
  /** What went wrong, without the fix. */
  readonly reason: string;

  constructor(
    readonly code: string,
    reason: string,
    readonly fix: string,
  ) {
    const bare = reason.replace(/\.$/, "");
    // The code names the failed rule; there is no input field to point at.
    super(`${bare}. Fix: ${fix}`, [{ field: code, message: bare, fix, severity: "error" }]);
    this.name = "StagingError";
    this.reason = bare;
  }

  /** A refusal (or problem) of the source rules, thrown. */
  static of(refusal: { code: string; message: string; fix: string }): StagingError {
    return new StagingError(refusal.code, refusal.message, refusal.fix);
  }
}

/**
 * The storage service's error code of a failed request (ContainerNotFound,
 * AuthorizationPermissionMismatch…): the SDK puts it in `code` from the response body, and only
 * in `details.errorCode` (the x-ms-error-code header) for a HEAD request, which has no body.
 * https://learn.microsoft.com/rest/api/storageservices/blob-service-error-codes
 */
export function serviceErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { statusCode, code, details } = error as {
    statusCode?: unknown;
    code?: unknown;
    details?: { errorCode?: unknown };
  };
  if (typeof statusCode !== "number") return undefined;
  if (typeof code === "string" && code !== "") return code;
  const header = details?.errorCode;
  return typeof header === "string" && header !== "" ? header : undefined;
}

/** A 404 for the blob itself; a missing container (or account) is a failure, not "no blob yet". */
export function isBlobNotFound(error: unknown): boolean {
  if ((error as { statusCode?: unknown } | undefined)?.statusCode !== 404) return false;
  const code = serviceErrorCode(error);
  return code === undefined || code === "BlobNotFound";
}
