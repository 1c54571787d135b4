import * as pulumi from "@pulumi/pulumi";
import { isEncryptedPlaceholder } from "../../core/shared/fields";

/**
 * The value when it is already known while the program runs, else undefined. Validation before
 * registration can only look at plain values; Outputs and Promises are checked once they
 * resolve, and an offline plan's stand-in for encrypted config is never checked.
 */
export function known<T>(value: pulumi.Input<T> | undefined): T | undefined {
  if (
    value === undefined ||
    pulumi.Output.isInstance(value) ||
    value instanceof Promise ||
    isEncryptedPlaceholder(value)
  ) {
    return undefined;
  }
  return value as T;
}

/** The value when nothing in it, at any depth, is still unknown; else undefined. */
export function knownDeep<T>(value: T): T | undefined {
  if (value === null || typeof value !== "object") return known(value);
  if (known(value as pulumi.Input<T>) === undefined) return undefined;
  const items: unknown[] = Array.isArray(value) ? value : Object.values(value);
  return items.every((item) => item === undefined || knownDeep(item) !== undefined)
    ? value
    : undefined;
}
