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
  scriptBehaviorAfterReboot?: string;
  /**
   * Package blob URL without its SAS query (a renewed SAS keeps it unchanged), or a SHA-256 of
   * the link when the URL cannot be told apart from its SAS.
   */
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
  ["scriptBehaviorAfterReboot", "scriptBehaviorAfterReboot"],
  ["packageBlob", "package (source blob)"],
  ["configBlob", "config (configuration blob)"],
  ["storageAccountType", "storageAccountType"],
  ["replicationMode", "replicationMode"],
  ["regionStorageAccountTypes", "regions.*.storageAccountType"],
];

/** The engine's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * What one kind of versioned gallery artifact may not change once published: its properties
 * with the argument names users write, and the component that publishes a new number. An image
 * version passes its own table; the comparison below is written once.
 */
export interface ImmutableTable {
  component: string;
  properties: ReadonlyArray<readonly [property: string, argument: string]>;
}

/** The table of VM application versions. */
export const APPLICATION_VERSION_IMMUTABLES: ImmutableTable = {
  component: "VmApplicationVersion",
  properties: IMMUTABLE_PROPERTIES,
};

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
  olds: Partial<Record<keyof VersionFingerprint, unknown>> | undefined,
  news: Partial<Record<keyof VersionFingerprint, unknown>>,
  table: ImmutableTable = APPLICATION_VERSION_IMMUTABLES,
): ImmutableViolation[] {
  if (!olds || olds.version === undefined) return [];
  // ARM names are case-insensitive: another letter case is the same application.
  const sameApplication =
    text(olds.application).toLowerCase() === text(news.application).toLowerCase();
  if (text(olds.version) !== text(news.version) || !sameApplication) return [];
  const version = text(news.version);
  const violations: ImmutableViolation[] = [];
  const stored: Record<string, unknown> = olds;
  const next: Record<string, unknown> = news;
  for (const [key, argument] of table.properties) {
    const before = text(stored[key]);
    const after = text(next[key]);
    if (before === after || before.includes(UNKNOWN) || after.includes(UNKNOWN)) continue;
    // Values are not quoted: a command may be a secret, and this message is printed in clear.
    violations.push({
      property: key,
      reason:
        `${argument} of published version ${version} ${change(before, after)}, ` +
        "and Azure does not allow changing it on an existing version. " +
        `Publish a new version number instead (e.g. ${text(news.nextVersion) || "the next patch"}) ` +
        `in its own ${table.component}, or revert ${argument} to its published value. ` +
        `If Azure never created ${version} (its creation failed), publish the fix as the next ` +
        "number, or `pulumi state delete` this guard resource and run `pulumi up` again.",
    });
  }
  return violations;
}

/** Whether a stored and a new value differ, compared as text. */
export function differs(before: unknown, after: unknown): boolean {
  return text(before) !== text(after);
}

/** Any stored or new value as comparable text; state may hold numbers, objects or null. */
function text(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

function change(before: string, after: string): string {
  if (before === "") return "would be set";
  return after === "" ? "would be removed" : "would change";
}
