/**
 * Pure checks of `vmapps stage` arguments, run before any file is read or byte is sent: a name
 * the service refuses would otherwise fail after the upload, or with the service's own terse
 * error.
 */
import { sasSettingsProblems } from "../../staging/sasPlan";
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

/** The SAS window the command can sign; no renewal, so only the validity is checked. */
export function checkSasDays(sasDays: number | undefined, userDelegation: boolean): void {
  const [problem] = sasSettingsProblems(
    { validForDays: sasDays, renewWithinDays: 0, userDelegation },
    { validForDays: "--sas-days", renewWithinDays: "--renew-within-days" },
  );
  if (problem) throw usageError(problem.message, problem.fix);
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
