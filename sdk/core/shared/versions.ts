import { VERSION_PART_MAX } from "./limits";
import { assertValid, error, type Problem } from "./problems";

/** A gallery application version name, `Major.Minor.Patch`, each part an int32 0..2147483647. */
export interface VersionParts {
  major: number;
  minor: number;
  patch: number;
}

/** A version as listed in a gallery: its name and whether "latest" may resolve to it. */
export interface VersionEntry {
  name: string;
  excludeFromLatest?: boolean;
}

// Digits and periods only, as the Azure CLI documents for version names. Leading zeros pass
// because Azure reads each part as an int32 ("01" reads as 1), so "01.0.0" orders equal to
// "1.0.0"; validateApplicationVersion warns about them. Signs and whitespace, which .NET's
// Int32.Parse would tolerate, are rejected because Azure rejects the name as a whole.
const VERSION_PATTERN = /^([0-9]+)\.([0-9]+)\.([0-9]+)$/;

/** Problems with a version name, reported under `field`; empty when the name is valid. */
export function versionNameProblems(name: string, field = "name"): Problem[] {
  const fix = "Use Major.Minor.Patch with each part a whole number 0..2147483647, e.g. 1.0.0.";
  const match = VERSION_PATTERN.exec(name);
  if (!match) {
    return [error(field, `"${name}" is not a version name of the form Major.Minor.Patch.`, fix)];
  }
  const tooLarge = match.slice(1).filter((part) => Number(part) > VERSION_PART_MAX);
  if (tooLarge.length > 0) {
    return [
      error(
        field,
        `"${name}" has ${tooLarge.join(", ")} above the int32 maximum ${VERSION_PART_MAX}.`,
        fix,
      ),
    ];
  }
  return [];
}

export function isValidVersion(name: string): boolean {
  return versionNameProblems(name).length === 0;
}

/** Parses `Major.Minor.Patch`; throws a VmAppsValidationError for anything else. */
export function parseVersion(name: string): VersionParts {
  assertValid(versionNameProblems(name, "version"), `Version name "${name}"`);
  const [major, minor, patch] = name.split(".").map(Number) as [number, number, number];
  return { major, minor, patch };
}

export function formatVersion(version: VersionParts): string {
  const text = `${version.major}.${version.minor}.${version.patch}`;
  assertValid(versionNameProblems(text, "version"), "Version");
  return text;
}

/** Negative when a is older than b, positive when newer, 0 when the parts are equal. */
export function compareVersions(a: string | VersionParts, b: string | VersionParts): number {
  const left = typeof a === "string" ? parseVersion(a) : a;
  const right = typeof b === "string" ? parseVersion(b) : b;
  return (
    Math.sign(left.major - right.major) ||
    Math.sign(left.minor - right.minor) ||
    Math.sign(left.patch - right.patch)
  );
}

/**
 * The version "latest" resolves to, as Azure resolves it: highest major, then minor, then
 * patch, skipping versions marked `excludeFromLatest`. Among versions that order equal
 * (leading zeros) the first listed wins. Undefined when nothing is eligible; throws when a
 * name is not a valid version, since a gallery cannot hold one.
 */
export function latestVersion<T extends string | VersionEntry>(
  versions: readonly T[],
): T | undefined {
  const names = versions.map((v) => (typeof v === "string" ? v : v.name));
  assertValid(
    names.flatMap((name, index) => versionNameProblems(name, `versions[${index}]`)),
    "Version list",
  );
  let latest: T | undefined;
  for (const candidate of versions) {
    if (typeof candidate !== "string" && candidate.excludeFromLatest) continue;
    if (latest === undefined || compareVersions(nameOf(candidate), nameOf(latest)) > 0) {
      latest = candidate;
    }
  }
  return latest;
}

function nameOf(version: string | VersionEntry): string {
  return typeof version === "string" ? version : version.name;
}
