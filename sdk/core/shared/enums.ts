import { error, type Problem } from "./problems";

// Enum values from the REST spec (GalleryRP 2024-03-03). ARM compares them case-insensitively
// ("modelAsString"), but a wrong case makes a diff on every refresh, so the exact spelling is asked.

/** `StorageAccountType` in the REST spec. */
export const STORAGE_ACCOUNT_TYPES = [
  "Standard_LRS",
  "Standard_ZRS",
  "Premium_LRS",
  "PremiumV2_LRS",
] as const;
/** `ReplicationMode` in the REST spec. */
export const REPLICATION_MODES = ["Full", "Shallow"] as const;
/** `GalleryApplicationScriptRebootBehavior` in the REST spec. */
export const SCRIPT_BEHAVIORS_AFTER_REBOOT = ["None", "Rerun"] as const;
/** `OperatingSystemTypes` in the REST spec. */
export const OS_TYPES = ["Windows", "Linux"] as const;
/** `GalleryApplicationCustomActionParameterType` in the REST spec. */
export const CUSTOM_ACTION_PARAMETER_TYPES = [
  "String",
  "ConfigurationDataBlob",
  "LogOutputBlob",
] as const;

/** Problems when `value` is known and not one of `allowed`. */
export function enumProblems(
  value: unknown,
  allowed: readonly string[],
  field: string,
  what: string,
): Problem[] {
  if (value === undefined || allowed.includes(value as string)) return [];
  const sameButCase = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  return [
    error(
      field,
      `"${String(value)}" is not a ${what}.`,
      sameButCase ? `Write it as "${sameButCase}".` : `Use one of ${allowed.join(", ")}.`,
    ),
  ];
}

export function storageAccountTypeProblems(value: unknown, field: string): Problem[] {
  return enumProblems(value, STORAGE_ACCOUNT_TYPES, field, "storage account type");
}
