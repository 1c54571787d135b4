/**
 * Shapes shared by the components. Every nested shape is a named interface and every enumeration
 * uses the `as const` pattern, because the schema Analyzer other Pulumi languages depend on
 * rejects inline object types and plain union aliases (see docs/components.md, "Schema for other
 * languages"). Components are referenced through structural interfaces: a component instance
 * satisfies them in TypeScript, and another language fills them with ids and names.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * Operating system an application is built for.
 * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
 */
export const OsType = { Linux: "Linux", Windows: "Windows" } as const;
export type OsType = (typeof OsType)[keyof typeof OsType];

/**
 * Storage for the replicas of a version in a region. Not updatable on an existing version.
 * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
 */
export const StorageAccountType = {
  Standard_LRS: "Standard_LRS",
  Standard_ZRS: "Standard_ZRS",
  Premium_LRS: "Premium_LRS",
  PremiumV2_LRS: "PremiumV2_LRS",
} as const;
export type StorageAccountType = (typeof StorageAccountType)[keyof typeof StorageAccountType];

/**
 * Replication mode of a version. Not updatable on an existing version.
 * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
 */
export const ReplicationMode = { Full: "Full", Shallow: "Shallow" } as const;
export type ReplicationMode = (typeof ReplicationMode)[keyof typeof ReplicationMode];

/**
 * What the VM application manager does with install/update/remove after a reboot.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to
 */
export const ScriptBehaviorAfterReboot = { None: "None", Rerun: "Rerun" } as const;
export type ScriptBehaviorAfterReboot =
  (typeof ScriptBehaviorAfterReboot)[keyof typeof ScriptBehaviorAfterReboot];

// Blob type (core) and archive format (staging) are defined once, where their rules live.
export { BlobType } from "../../core/shared/replicas";
export { ArchiveFormat } from "../../staging/source/formats";

/**
 * Who a gallery is shared with.
 * @see https://learn.microsoft.com/azure/virtual-machines/share-gallery
 */
export const GallerySharing = {
  Private: "Private",
  Groups: "Groups",
  Community: "Community",
} as const;
export type GallerySharing = (typeof GallerySharing)[keyof typeof GallerySharing];

/**
 * Type of a custom action parameter.
 * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
 */
export const CustomActionParameterType = {
  String: "String",
  ConfigurationDataBlob: "ConfigurationDataBlob",
  LogOutputBlob: "LogOutputBlob",
} as const;
export type CustomActionParameterType =
  (typeof CustomActionParameterType)[keyof typeof CustomActionParameterType];

/** A gallery, as an `AppGallery` exposes it or as ids from another program. */
export interface GalleryRef {
  /** Resource id of the gallery. */
  id: pulumi.Input<string>;
  /** Name of the gallery. */
  galleryName: pulumi.Input<string>;
  /** Resource group holding the gallery. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the gallery. */
  location: pulumi.Input<string>;
}

/** An application definition, as a `VmApplication` exposes it or as ids from another program. */
export interface ApplicationRef {
  /** Resource id of the application definition. */
  id: pulumi.Input<string>;
  /** Name of the application definition. */
  applicationName: pulumi.Input<string>;
  /** Name of the gallery holding it. */
  galleryName: pulumi.Input<string>;
  /** Resource group of the gallery. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the application definition. */
  location: pulumi.Input<string>;
  /** "Linux" or "Windows"; picks the archive format for folders. */
  supportedOsType: pulumi.Input<string>;
}

/** Where packages are staged, as a `PackageStorage` exposes it. */
export interface StorageRef {
  /** Storage account name. */
  accountName: pulumi.Input<string>;
  /** Private container for staged packages. */
  containerName: pulumi.Input<string>;
  /** Blob endpoint, e.g. https://<account>.blob.core.windows.net/ */
  blobEndpoint: pulumi.Input<string>;
  /**
   * Connection string, only for Azurite or accounts that allow shared keys; must be a secret.
   * @default none (Entra ID through DefaultAzureCredential)
   */
  connectionString?: pulumi.Input<string>;
  /** Extra CA certificate (PEM) to trust, e.g. a local Azurite's. @default none */
  caCert?: pulumi.Input<string>;
}

/**
 * A parameter of a custom action.
 * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
 */
export interface CustomActionParameterArgs {
  /** Parameter name, unique within the action. */
  name: string;
  /** Whether the parameter must be passed. @default false */
  required?: boolean;
  /** Parameter type. @default "String" */
  type?: CustomActionParameterType;
  /** Default value (string parameters only). @default none */
  defaultValue?: string;
  /** What the parameter means. @default none */
  description?: string;
}

/**
 * A custom action that can be run with an application version.
 * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
 */
export interface CustomActionArgs {
  /** Action name, unique within the version. */
  name: string;
  /** Script run for this action. */
  script: string;
  /** What the action does. @default none */
  description?: string;
  /** Parameters the action takes. @default [] */
  parameters?: CustomActionParameterArgs[];
}
