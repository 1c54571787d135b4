/**
 * Pure SAS rules: the fixed read-only parameters, window checks, renewal decisions.
 * https://learn.microsoft.com/rest/api/storageservices/create-service-sas
 */
import { error, type Problem } from "../../core/shared/problems";

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

export interface SasSettings {
  /** Days a new SAS is valid. @default DEFAULT_SAS_VALID_DAYS */
  validForDays?: number;
  /** Renew when fewer days remain. @default DEFAULT_SAS_RENEW_WITHIN_DAYS */
  renewWithinDays?: number;
  /**
   * Signed with an Entra ID credential (user delegation SAS, at most 7 days) rather than an
   * account key from a connection string (service SAS).
   */
  userDelegation: boolean;
}

/** How the caller spells the two settings, so each problem names the argument the user wrote. */
export interface SasSettingNames {
  validForDays: string;
  renewWithinDays: string;
}

/**
 * Problems with a SAS policy, found before anything is staged: a window that can never be
 * signed would otherwise only fail after the upload. Leave a value undefined for its default;
 * skip the call while a value is still unknown (an unresolved Output), or the default stands in
 * for it.
 * https://learn.microsoft.com/rest/api/storageservices/get-user-delegation-key
 */
export function sasSettingsProblems(
  settings: SasSettings,
  names: SasSettingNames = { validForDays: "validForDays", renewWithinDays: "renewWithinDays" },
): Problem[] {
  const problems: Problem[] = [];
  const validForDays = settings.validForDays ?? DEFAULT_SAS_VALID_DAYS;
  const renewWithinDays = settings.renewWithinDays ?? DEFAULT_SAS_RENEW_WITHIN_DAYS;
  const validIsNumber = typeof validForDays === "number" && Number.isFinite(validForDays);
  const renewIsNumber = typeof renewWithinDays === "number" && Number.isFinite(renewWithinDays);
  if (!validIsNumber || validForDays <= 0) {
    problems.push(
      error(
        names.validForDays,
        `${names.validForDays} must be a number of days above 0; got ${String(validForDays)}.`,
        `Set ${names.validForDays} to ${DEFAULT_SAS_VALID_DAYS} (the default) or another positive number.`,
      ),
    );
  } else if (settings.userDelegation && validForDays > USER_DELEGATION_MAX_DAYS) {
    problems.push(
      error(
        names.validForDays,
        `${names.validForDays} is ${validForDays}, but a user delegation SAS (signed with the Entra ID credential, the default) lasts at most ${USER_DELEGATION_MAX_DAYS} days.`,
        `Set ${names.validForDays} to ${USER_DELEGATION_MAX_DAYS} or less (renewal keeps the URL working), or give a connection string so a service SAS is signed with the account key.`,
      ),
    );
  }
  if (!renewIsNumber || renewWithinDays < 0) {
    problems.push(
      error(
        names.renewWithinDays,
        `${names.renewWithinDays} must be a number of days, 0 or more; got ${String(renewWithinDays)}.`,
        `Set ${names.renewWithinDays} to ${DEFAULT_SAS_RENEW_WITHIN_DAYS} (the default), or 0 to renew only once expired.`,
      ),
    );
  } else if (validIsNumber && validForDays > 0 && renewWithinDays >= validForDays) {
    problems.push(
      error(
        names.renewWithinDays,
        `${names.renewWithinDays} (${renewWithinDays}) must be less than ${names.validForDays} (${validForDays}), or every deployment would sign a new SAS.`,
        `Lower ${names.renewWithinDays} below ${validForDays}, or raise ${names.validForDays}.`,
      ),
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
