/**
 * @azure/arm-compute, loaded on first use, like the storage SDK (staging/azureSdk.ts): the
 * package root and a Pulumi program that only declares components never load it. Types come
 * from `import type`, which compiles to nothing.
 */
import type * as ArmCompute from "@azure/arm-compute";

export function armCompute(): typeof ArmCompute {
  return require("@azure/arm-compute");
}
