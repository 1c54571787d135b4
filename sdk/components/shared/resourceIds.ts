/**
 * Pure helpers for resource ids, names and SAS URLs used by the components. No @pulumi import:
 * unit-tested on their own.
 */
import { createHash } from "node:crypto";
import { VERSION_PART_MAX } from "../../core/limits";
import { hasSasOutsideQuery } from "../../core/validation/applicationVersion";
import { error, type Problem } from "../../core/validation/problems";
import { isValidVersion, parseVersion } from "../../core/versions";
import { containerNameProblems as stagingContainerNameProblems } from "../../staging/names";

export interface GalleryIdParts {
  resourceGroupName: string;
  galleryName: string;
}

export interface ApplicationIdParts extends GalleryIdParts {
  applicationName: string;
}

export interface ContainerIdParts {
  resourceGroupName: string;
  accountName: string;
  containerName: string;
}

const GALLERY_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/galleries\/([^/]+)$/i;
const APPLICATION_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/galleries\/([^/]+)\/applications\/([^/]+)$/i;
const CONTAINER_ID =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Storage\/storageAccounts\/([^/]+)\/blobServices\/default\/containers\/([^/]+)$/i;

const GALLERY_ID_EXAMPLE =
  "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/galleries/<gallery>";
const APPLICATION_ID_EXAMPLE = `${GALLERY_ID_EXAMPLE}/applications/<application>`;
const CONTAINER_ID_EXAMPLE =
  "/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<account>/blobServices/default/containers/<container>";

export function parseGalleryId(id: string): GalleryIdParts | undefined {
  const match = GALLERY_ID.exec(id.trim());
  return match?.[1] && match[2]
    ? { resourceGroupName: match[1], galleryName: match[2] }
    : undefined;
}

export function parseApplicationId(id: string): ApplicationIdParts | undefined {
  const match = APPLICATION_ID.exec(id.trim());
  return match?.[1] && match[2] && match[3]
    ? { resourceGroupName: match[1], galleryName: match[2], applicationName: match[3] }
    : undefined;
}

export function parseContainerId(id: string): ContainerIdParts | undefined {
  const match = CONTAINER_ID.exec(id.trim());
  return match?.[1] && match[2] && match[3]
    ? { resourceGroupName: match[1], accountName: match[2], containerName: match[3] }
    : undefined;
}

/** One problem when `id` did not parse as a resource id of `kind`; the fix shows `example`. */
function idProblems(
  parsed: unknown,
  id: string,
  field: string,
  kind: string,
  example: string,
): Problem[] {
  return parsed ? [] : [error(field, `"${id}" is not a ${kind} resource id.`, `Use ${example}.`)];
}

export function galleryIdProblems(id: string, field: string): Problem[] {
  return idProblems(parseGalleryId(id), id, field, "gallery", GALLERY_ID_EXAMPLE);
}

export function applicationIdProblems(id: string, field: string): Problem[] {
  return idProblems(
    parseApplicationId(id),
    id,
    field,
    "gallery application",
    APPLICATION_ID_EXAMPLE,
  );
}

export function containerIdProblems(id: string, field: string): Problem[] {
  return idProblems(parseContainerId(id), id, field, "blob container", CONTAINER_ID_EXAMPLE);
}

/**
 * The blob a SAS URL points at, without query or fragment: what identifies the source of a
 * version. A renewed SAS on the same blob gives the same result, and no part of a SAS survives
 * (a fragment may come before a `?`, and a SAS may follow a `#`), since the result is stored
 * in plain text.
 */
export function blobUrlWithoutSas(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

/**
 * The blob URL without SAS that may be stored in plain text, or undefined when `link` is not an
 * https URL whose host and path are free of SAS material (e.g. a `?` encoded as %3F would carry
 * the signature into the path). Strict on purpose: anything doubtful stays secret.
 */
export function publicBlobUrl(link: unknown): string | undefined {
  if (typeof link !== "string" || !URL.canParse(link)) return undefined;
  const url = new URL(link);
  const blob = blobUrlWithoutSas(link);
  const https = /^https:\/\/[^\s\\]+$/i.test(blob) && url.protocol === "https:";
  if (!https || hasSasOutsideQuery(url) || hasSasOutsideQuery(new URL(blob))) return undefined;
  return blob;
}

/**
 * What identifies a link's source in plain text: its public blob URL, else a SHA-256 of the
 * whole (secret) link, so nothing of a signature is stored.
 */
export function sourceFingerprint(link: string): string {
  return publicBlobUrl(link) ?? `sha256:${createHash("sha256").update(link).digest("hex")}`;
}

/** The query string of a URL (without `?` and without any fragment), or undefined. */
function queryOf(url: string): string | undefined {
  const start = url.indexOf("?");
  if (start < 0) return undefined;
  const fragment = url.indexOf("#", start);
  return url.slice(start + 1, fragment < 0 ? undefined : fragment);
}

/** The `se` (signed expiry) of a SAS URL, or undefined when the URL carries none. */
export function sasExpiry(url: string): string | undefined {
  const query = queryOf(url);
  return query === undefined ? undefined : (new URLSearchParams(query).get("se") ?? undefined);
}

/**
 * A valid default gallery name from a Pulumi resource name: galleries allow letters, digits,
 * `.` and `_` only, so other characters become `_`; it must start and end alphanumeric.
 */
export function defaultGalleryName(resourceName: string): string {
  return resourceName
    .replace(/[^A-Za-z0-9._]/g, "_")
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "")
    .slice(0, 80);
}

/** Storage account names: 3..24 lower-case letters and digits, globally unique. */
export const STORAGE_ACCOUNT_NAME_MAX = 24;
/** Random characters appended to the prefix; 36^8 ≈ 2.8e12 names keeps collisions unlikely. */
export const STORAGE_ACCOUNT_SUFFIX_LENGTH = 8;
export const STORAGE_ACCOUNT_PREFIX_MAX = STORAGE_ACCOUNT_NAME_MAX - STORAGE_ACCOUNT_SUFFIX_LENGTH;

export function accountNamePrefixProblems(prefix: string, field: string): Problem[] {
  if (new RegExp(`^[a-z0-9]{1,${STORAGE_ACCOUNT_PREFIX_MAX}}$`).test(prefix)) return [];
  return [
    error(
      field,
      `"${prefix}" cannot start a storage account name: it takes 1..${STORAGE_ACCOUNT_PREFIX_MAX} lower-case letters and digits, and ${STORAGE_ACCOUNT_SUFFIX_LENGTH} random characters follow.`,
      `Use lower-case letters and digits only, at most ${STORAGE_ACCOUNT_PREFIX_MAX} characters, e.g. "vmapps".`,
    ),
  ];
}

/** The storage account id a container id belongs to. */
export function accountIdOfContainer(containerId: string): string {
  return containerId.trim().replace(/\/blobServices\/default\/containers\/[^/]+$/i, "");
}

/**
 * The container a component creates for private packages: Azure's naming rule (staging/names),
 * without the special `$root` and `$web` containers.
 */
export function containerNameProblems(containerName: string, field: string): Problem[] {
  return stagingContainerNameProblems(containerName, field, { special: false });
}

/** The next patch number, for messages that ask for a new version; "" for an invalid name. */
export function nextPatchVersion(version: string): string {
  if (!isValidVersion(version)) return "";
  const { major, minor, patch } = parseVersion(version);
  return patch < VERSION_PART_MAX ? `${major}.${minor}.${patch + 1}` : `${major}.${minor + 1}.0`;
}

/** Per-region storage account types as one comparable string: "eastus=Premium_LRS,…". */
export function regionStorageTypes(
  targetRegions: ReadonlyArray<{ name: string; storageAccountType?: string }>,
): string {
  return targetRegions
    .filter((region) => region.storageAccountType !== undefined)
    .map((region) => `${region.name}=${region.storageAccountType}`)
    .sort()
    .join(",");
}
