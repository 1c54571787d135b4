/**
 * The Azure SDK, loaded on first use. A Pulumi program that imports this package but stages
 * nothing (a plan, a program that passes a mediaLink) would otherwise load @azure/identity and
 * @azure/storage-blob with their HTTP core: about 300 modules, a third of the package's require
 * time. Types come from `import type`, which compiles to nothing; Node caches the modules, so
 * every call after the first is a lookup.
 */
import type * as Identity from "@azure/identity";
import type * as StorageBlob from "@azure/storage-blob";

export function storageBlob(): typeof StorageBlob {
  return require("@azure/storage-blob");
}

export function azureIdentity(): typeof Identity {
  return require("@azure/identity");
}
