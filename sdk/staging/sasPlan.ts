/**
 * Pure SAS rules: the fixed read-only parameters, window checks, renewal decisions.
 * https://learn.microsoft.com/rest/api/storageservices/create-service-sas
 */

/**
 * Service version the SAS is signed with. Pinned because the signature format changes with
 * versions; 2025-05-05 is served by Azure and accepted by Azurite 3.35 (which refuses versions
 * newer than 2025-11-05).
 * https://learn.microsoft.com/rest/api/storageservices/versioning-for-the-azure-storage-services
 */
export const SAS_SERVICE_VERSION = "2025-05-05";
/** Read only: the gallery only downloads the package. */
export const SAS_PERMISSIONS = "r";
export const SAS_PROTOCOL = "https";
/**
 * A user delegation key, and so a user delegation SAS, lives at most 7 days from now.
 * https://learn.microsoft.com/rest/api/storageservices/get-user-delegation-key
 */
export const USER_DELEGATION_MAX_DAYS = 7;
/**
 * Default SAS validity: a day under the user delegation cap (room for clock skew), so both
 * kinds of SAS behave alike.
 */
export const DEFAULT_SAS_VALID_DAYS = 6;
/** Default renewal threshold: renew on the next `pulumi up` when fewer days remain. */
export const DEFAULT_SAS_RENEW_WITHIN_DAYS = 2;

const DAY_MS = 24 * 60 * 60 * 1000;

export type SasKind = "service" | "user-delegation";

export interface SasWindow {
  startsOn: Date;
  expiresOn: Date;
}

/** Problems with a requested window, empty when it can be signed. */
export function checkSasWindow(window: SasWindow, kind: SasKind, now: Date): string[] {
  const problems: string[] = [];
  const starts = window.startsOn.getTime();
  const expires = window.expiresOn.getTime();
  if (Number.isNaN(starts) || Number.isNaN(expires)) {
    problems.push("startsOn and expiresOn must be valid dates");
    return problems;
  }
  if (expires <= starts) problems.push("expiresOn must be after startsOn");
  if (expires <= now.getTime()) {
    problems.push(
      `expiresOn ${window.expiresOn.toISOString()} is not after now (${now.toISOString()}): the SAS would be refused from the start`,
    );
  }
  if (kind === "user-delegation" && expires - now.getTime() > USER_DELEGATION_MAX_DAYS * DAY_MS) {
    problems.push(
      `a user delegation SAS can expire at most ${USER_DELEGATION_MAX_DAYS} days from now; sign with the account key for longer`,
    );
  }
  return problems;
}

/**
 * The window a new SAS gets: starting a few minutes back, so a clock slightly behind the
 * service's does not see a not-yet-valid token, and lasting `validForDays`.
 */
export function sasWindowFrom(now: Date, validForDays: number): SasWindow {
  if (!(validForDays > 0)) throw new RangeError(`validForDays must be > 0; got ${validForDays}`);
  const CLOCK_SKEW_MS = 5 * 60 * 1000;
  return {
    startsOn: new Date(now.getTime() - CLOCK_SKEW_MS),
    expiresOn: new Date(now.getTime() + validForDays * DAY_MS),
  };
}

/** True when less than `renewWithinDays` remain (or the SAS already expired). */
export function sasNeedsRenewal(expiresOn: Date, now: Date, renewWithinDays: number): boolean {
  return expiresOn.getTime() - now.getTime() < renewWithinDays * DAY_MS;
}
