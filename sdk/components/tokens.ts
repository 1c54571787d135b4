/**
 * Every resource type this package registers, written once: the component type tokens (what
 * `pulumi stack` shows and the schema Analyzer publishes) and the dynamic resources' module and
 * type names. The CLI's plan report reads resources back by these, never by a copied string.
 * Pure constants: no imports, so any layer may use them.
 */

/** Package name in every token: `vmapps:index:<Component>`. */
export const PACKAGE = "vmapps";

/** Type tokens of the components. */
export const COMPONENT_TOKENS = {
  AppGallery: "vmapps:index:AppGallery",
  PackageStorage: "vmapps:index:PackageStorage",
  VmApplication: "vmapps:index:VmApplication",
  VmApplicationVersion: "vmapps:index:VmApplicationVersion",
} as const;

/** Module and type a dynamic resource is registered with (pulumi.dynamic.Resource). */
export interface DynamicResourceType {
  module: string;
  type: string;
  /** The token the engine records: `pulumi-nodejs:dynamic/<module>:<type>`. */
  token: string;
}

function dynamicType(type: string): DynamicResourceType {
  return { module: PACKAGE, type, token: `pulumi-nodejs:dynamic/${PACKAGE}:${type}` };
}

/** The dynamic resources: the immutable-property guard and a staged blob. */
export const DYNAMIC_TYPES = {
  VersionGuard: dynamicType("VersionGuard"),
  StagedBlob: dynamicType("StagedBlob"),
} as const;
