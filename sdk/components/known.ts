import * as pulumi from "@pulumi/pulumi";

/**
 * The value when it is already known while the program runs, else undefined. Validation before
 * registration can only look at plain values; Outputs and Promises are left to later checks.
 */
export function known<T>(value: pulumi.Input<T> | undefined): T | undefined {
  if (value === undefined || pulumi.Output.isInstance(value) || value instanceof Promise) {
    return undefined;
  }
  return value as T;
}
