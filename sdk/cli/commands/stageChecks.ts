/**
 * Pure checks of `vmapps stage` arguments, run before any file is read or byte is sent: a name
 * the service refuses would otherwise fail after the upload, or with the service's own terse
 * error.
 */
import { DEFAULT_SAS_VALID_DAYS, USER_DELEGATION_MAX_DAYS } from "../../staging/sasPlan";
import { usageError } from "../errors";

/**
 * Container names: 3–63 characters, lower-case letters, digits and single hyphens, starting and
 * ending with a letter or digit. `$root` and `$web` are the account's special containers.
 * https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#container-names
 */
export function containerNameProblem(name: string): string | undefined {
  if (name === "$root" || name === "$web") return undefined;
  if (name.length < 3 || name.length > 63) {
    return `is ${name.length} characters; a container name has 3 to 63`;
  }
  if (/[^a-z0-9-]/.test(name)) {
    return "may hold only lower-case letters, digits and hyphens";
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return "must start and end with a letter or digit";
  }
  if (name.includes("--")) return "may not hold two hyphens in a row";
  return undefined;
}

export function checkContainerName(name: string): void {
  const problem = containerNameProblem(name);
  if (!problem) return;
  const suggestion = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  throw usageError(
    `--container ${name === "" ? "''" : name} ${problem}`,
    `use 3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit${suggestion.length >= 3 && suggestion.length <= 63 ? `, e.g. --container ${suggestion}` : ", e.g. --container packages"}`,
  );
}

/** The service's limit on a blob name. */
export const MAX_BLOB_NAME_LENGTH = 1024;

/**
 * Blob names: 1–1024 characters; "/" separates virtual folders. Empty, "." and ".." segments
 * are refused: URLs normalise them away, so the blob would land under another name than given.
 * https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#blob-names
 */
export function blobNameProblem(name: string): string | undefined {
  if (name.length === 0) return "is empty";
  if (name.length > MAX_BLOB_NAME_LENGTH) {
    return `is ${name.length} characters; a blob name has at most ${MAX_BLOB_NAME_LENGTH}`;
  }
  const segments = name.split("/");
  if (segments.some((segment) => segment === "." || segment === "..")) {
    return 'has a "." or ".." path segment';
  }
  if (segments.some((segment) => segment === "")) {
    return "has an empty path segment (a leading, trailing or doubled /)";
  }
  return undefined;
}

export function checkBlobName(name: string | undefined): void {
  if (name === undefined) return;
  const problem = blobNameProblem(name);
  if (!problem) return;
  throw usageError(
    `--blob ${name.length > 80 ? `${name.slice(0, 77)}...` : name === "" ? "''" : name} ${problem}`,
    "name the blob with plain segments separated by single slashes, e.g. --blob agent/1.0.0/app.zip (or leave --blob out for <sha256>/<file name>)",
  );
}

/**
 * The longest service SAS (signed with the account key) `vmapps stage` signs. Azure sets no cap,
 * but such a SAS can only be revoked by rotating the key: a year bounds what a leaked URL
 * exposes, and keeps the expiry a date the service can parse.
 */
export const STAGE_SERVICE_SAS_MAX_DAYS = 365;

/** The whole days `vmapps stage` accepts for its SAS, by the kind of SAS it signs. */
export function sasDaysRange(userDelegation: boolean): { min: number; max: number } {
  return { min: 1, max: userDelegation ? USER_DELEGATION_MAX_DAYS : STAGE_SERVICE_SAS_MAX_DAYS };
}

/** What is wrong with a --sas-days value as written, or undefined when it is accepted. */
export function sasDaysProblem(text: string, userDelegation: boolean): string | undefined {
  const { min, max } = sasDaysRange(userDelegation);
  const shown = text === "" ? "''" : text;
  if (!/^-?\d+$/.test(text)) return `--sas-days ${shown} is not a whole number of days`;
  const days = Number(text);
  if (days < min) return `--sas-days ${shown} is below ${min}: a SAS lasts at least a day`;
  if (days > max) {
    return userDelegation
      ? `--sas-days ${shown} is above ${max}: a user delegation SAS (signed through the --account-url sign-in) lasts at most ${max} days`
      : `--sas-days ${shown} is above ${max}: vmapps signs a service SAS (with the account key) for at most ${max} days`;
  }
  return undefined;
}

function sasDaysFix(userDelegation: boolean): string {
  const { min, max } = sasDaysRange(userDelegation);
  const example = `e.g. --sas-days ${DEFAULT_SAS_VALID_DAYS} (the default)`;
  return userDelegation
    ? `give whole days from ${min} to ${max}, ${example}; a connection string signs a service SAS instead, for up to ${STAGE_SERVICE_SAS_MAX_DAYS} days`
    : `give whole days from ${min} to ${max}, ${example}`;
}

/** `--sas-days N` as a number of days, or a usage error stating the accepted range. */
export function sasDaysFlag(value: unknown, userDelegation: boolean): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const problem = sasDaysProblem(text, userDelegation);
  if (problem) throw usageError(problem, sasDaysFix(userDelegation));
  return Number(text);
}

/** The same rule for a caller of `stage()` that passes a number. */
export function checkSasDays(sasDays: number | undefined, userDelegation: boolean): void {
  if (sasDays !== undefined)
    sasDaysFlag(Number.isFinite(sasDays) ? sasDays : "NaN", userDelegation);
}

/** An account URL must be https: the sign-in token and the SAS travel over it. */
export function checkAccountUrl(accountUrl: string): void {
  let url: URL | undefined;
  try {
    url = new URL(accountUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw usageError(
      `--account-url ${accountUrl} is not a URL`,
      "give the blob endpoint, e.g. --account-url https://contosopkgs.blob.core.windows.net",
    );
  }
  if (url.protocol !== "https:") {
    throw usageError(
      `--account-url ${accountUrl} is not https`,
      `use https://${url.host}${url.pathname === "/" ? "" : url.pathname}: the sign-in token and the SAS are sent only over HTTPS`,
    );
  }
}
