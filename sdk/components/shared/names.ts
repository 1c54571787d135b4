/**
 * Names the components choose or check: default gallery names, storage account name prefixes,
 * container names (Azure's rule lives in staging/names) and the next version number to suggest.
 * Pure: no @pulumi import.
 */
import { VERSION_PART_MAX } from "../../core/shared/limits";
import { error, type Problem } from "../../core/shared/problems";
import { isValidVersion, parseVersion } from "../../core/shared/versions";
import { containerNameProblems as stagingContainerNameProblems } from "../../staging/names";

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
