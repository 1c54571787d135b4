/**
 * Which properties of a published version Azure refuses to change, and the check that turns
 * such a change into a preview failure instead of a mid-deployment "changing property … is not
 * allowed". Self-contained on purpose (no imports): the check runs inside a dynamic provider,
 * whose code Pulumi serializes with everything it references.
 */

/** The fingerprint of a version: what identifies it and what must never change under it. */
export interface VersionFingerprint {
  /** Resource group / gallery / application the version belongs to. */
  application: string;
  version: string;
  /** Suggested next version number, shown in the failure message only. */
  nextVersion: string;
  install: string;
  remove: string;
  update?: string;
  packageFileName?: string;
  configFileName?: string;
  /** Package blob URL without its SAS query: a renewed SAS keeps it unchanged. */
  packageBlob: string;
  /** Configuration blob URL without its SAS query. */
  configBlob?: string;
  storageAccountType?: string;
  replicationMode?: string;
  /** Storage account type per target region, "region=type" sorted, comma separated. */
  regionStorageAccountTypes?: string;
}

/** Compared between the stored and the new fingerprint, with the user-facing argument name. */
export const IMMUTABLE_PROPERTIES: ReadonlyArray<[keyof VersionFingerprint, string]> = [
  ["install", "commands.install"],
  ["remove", "commands.remove"],
  ["update", "commands.update"],
  ["packageFileName", "packageFileName"],
  ["configFileName", "configFileName"],
  ["packageBlob", "package (source blob)"],
  ["configBlob", "config (configuration blob)"],
  ["storageAccountType", "storageAccountType"],
  ["replicationMode", "replicationMode"],
  ["regionStorageAccountTypes", "regions.*.storageAccountType"],
];

/** The engine's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface ImmutableViolation {
  property: string;
  reason: string;
}

/**
 * Violations when `news` changes an immutable property of the same version as `olds`. A new
 * version number or another application is a different version: nothing to compare. Values not
 * yet known are skipped; the check runs again with them known before the version is touched.
 */
export function immutableViolations(
  olds: Partial<VersionFingerprint> | undefined,
  news: Partial<VersionFingerprint>,
): ImmutableViolation[] {
  if (!olds || olds.version === undefined) return [];
  if (olds.version !== news.version || olds.application !== news.application) return [];
  const violations: ImmutableViolation[] = [];
  for (const [key, argument] of IMMUTABLE_PROPERTIES) {
    const before = olds[key] ?? "";
    const after = news[key] ?? "";
    if (before === UNKNOWN || after === UNKNOWN || before === after) continue;
    if (containsUnknown(before) || containsUnknown(after)) continue;
    violations.push({
      property: key,
      reason:
        `${argument} of published version ${news.version} would change from ${quote(before)} to ${quote(after)}, ` +
        "and Azure does not allow changing it on an existing version. " +
        `Publish a new version number instead (e.g. ${news.nextVersion || "the next patch"}) ` +
        `in its own VmApplicationVersion, or revert ${argument}.`,
    });
  }
  return violations;
}

function containsUnknown(value: string): boolean {
  return value.includes(UNKNOWN);
}

function quote(value: string): string {
  return value === "" ? "(not set)" : JSON.stringify(value);
}
