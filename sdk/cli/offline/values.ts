/**
 * The wire forms of the Pulumi SDK's special values, as the mock monitor hands them over.
 * Kept here so the rest of the CLI deals only in plain data, with secrets already redacted.
 */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
export const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Stands for a secret in collected data; the value itself never leaves the engine. */
export const REDACTED = Object.freeze({ redacted: "secret" as const });
/** Stands for a value not known during an offline run. */
export const UNKNOWN = Object.freeze({ unknown: true as const });

function signature(value: unknown): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const sig = (value as Record<string, unknown>)[SIG_KEY];
  return typeof sig === "string" ? sig : undefined;
}

export function isSecretWire(value: unknown): value is { value: unknown } {
  return signature(value) === SECRET_SIG;
}

/** The value with secret wrappers removed, for computing plausible outputs inside the engine. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretWire(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object" && signature(value) === undefined) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** An input as a non-empty string, secrets unwrapped; undefined when absent, empty or not text. */
export function inputText(inputs: Record<string, unknown>, key: string): string | undefined {
  const value = unwrapSecrets(inputs[key]);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Wire data → plain data: secrets become REDACTED, references their URN, assets their path. */
export function redact(value: unknown): unknown {
  if (value === UNKNOWN_VALUE) return UNKNOWN;
  if (Array.isArray(value)) return value.map(redact);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  switch (signature(value)) {
    case SECRET_SIG:
      return REDACTED;
    case RESOURCE_SIG:
      return record.urn;
    case ASSET_SIG:
    case ARCHIVE_SIG:
      return record.path ?? record.uri ?? "[asset]";
    default:
      return Object.fromEntries(
        Object.entries(record)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, redact(v)]),
      );
  }
}

export function isRedacted(value: unknown): boolean {
  return value === REDACTED;
}

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** A secret is a value the checks may not read: treated like a still-unknown Output, skipped. */
export function secretsAsUnknown(value: unknown): unknown {
  if (isRedacted(value) || isUnknown(value)) return undefined;
  if (Array.isArray(value)) return value.map(secretsAsUnknown);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretsAsUnknown(v)]));
  }
  return value;
}

export function secretWire(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}
