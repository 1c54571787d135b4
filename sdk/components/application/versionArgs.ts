/**
 * The arguments of a VmApplicationVersion and their shape (sdk/core/shared/keys.ts), typed against each
 * other so that a key added to one but not the other fails the type check.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ANY_VALUE, type KeysOf, listOf, mapOf, objectShape } from "../../core/shared/keys";
import { outsideRegionsHint } from "../../core/shared/replication";
import { plain, plainShape } from "../shared/plain";
import { APPLICATION_REF, CUSTOM_ACTION, STORAGE_REF } from "../shared/shapes";
import { REGION_ARGS, type RegionArgs } from "../shared/targetRegions";
import type {
  ApplicationRef,
  ArchiveFormat,
  BlobType,
  CustomActionArgs,
  ReplicationMode,
  ScriptBehaviorAfterReboot,
  StorageAccountType,
  StorageRef,
} from "../shared/types";
/**
 * The package: a local file or folder staged by this component, or a blob already staged.
 * Give exactly one of `path` and `mediaLink`.
 */
export interface PackageSourceArgs {
  /**
   * File or folder to stage. A folder is archived deterministically: zip for Windows
   * applications, tar.gz for Linux ones (see `archiveFormat`).
   * @default none
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to
   */
  path?: string;
  /**
   * SAS URL (read permission) of a package blob staged elsewhere; kept as a secret.
   * @default none
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#mediaLink
   */
  mediaLink?: pulumi.Input<string>;
  /**
   * Archive format for a folder `path`.
   * @default "zip" for Windows applications, "tar.gz" for Linux ones
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to
   */
  archiveFormat?: ArchiveFormat;
  /**
   * A package staged as a page blob (a region wants more than 3 replicas) must be a whole number
   * of 512-byte pages. Zip, tar and tar.gz are padded without breaking them; any other file
   * (.exe, .msi, .deb, …) is refused unless this is true, which appends zero bytes: set it only
   * when the installer tolerates trailing zero bytes.
   * @default false
   * @see https://learn.microsoft.com/rest/api/storageservices/understanding-block-blobs--append-blobs--and-page-blobs
   */
  allowPadding?: boolean;
}

/**
 * The default configuration file, staged from `path` or given as a SAS `link`; at most one.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#defaultConfigurationLink
 */
export interface ConfigSourceArgs {
  /** File or folder to stage as the configuration (at most 1 GiB). @default none */
  path?: string;
  /** SAS URL (read permission) of a configuration blob staged elsewhere; secret. @default none */
  link?: pulumi.Input<string>;
  /**
   * Archive format for a folder `path`.
   * @default `package.archiveFormat`, else "zip" for Windows applications and "tar.gz" for Linux ones
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to
   */
  archiveFormat?: ArchiveFormat;
}

/**
 * Install, remove and update commands, each at most 4096 characters; a recipe from
 * `recipes.linux` / `recipes.windows` returns this shape. Not changeable on a published version.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to#treat-failure-as-deployment-failure
 */
export interface ManageCommandsArgs {
  /** Installs the application. */
  install: pulumi.Input<string>;
  /** Removes the application. */
  remove: pulumi.Input<string>;
  /**
   * Updates in place from the previous version.
   * @default remove the old version, then install this one
   */
  update?: pulumi.Input<string>;
}

/**
 * SAS lifetime of packages this component stages. The SAS is renewed in place (same blob, same
 * version) when less than `renewWithinDays` remain at a `pulumi up`.
 */
export interface SasRenewalArgs {
  /**
   * Days a new SAS is valid: above 0, and at most 7 for the user-delegation SAS signed when
   * `storage` has no connection string.
   * @default 6
   * @see https://learn.microsoft.com/rest/api/storageservices/create-user-delegation-sas
   */
  validForDays?: number;
  /**
   * Renew on `pulumi up` when fewer days than this remain: 0 or more, below `validForDays`.
   * @default 2
   * @see https://learn.microsoft.com/rest/api/storageservices/create-user-delegation-sas
   */
  renewWithinDays?: number;
}

export interface VmApplicationVersionArgs {
  /**
   * The application: a `VmApplication`, or any object with its id, names, location and OS.
   * Give exactly one of `application` and `applicationId`. Versions of one application are
   * published one after another, and one version number may be declared once: the application
   * is recognised by its `id` (the same `app.id` Output, whether passed as `application: app`
   * or `applicationId: app.id`; or equal id strings, in any letter case). A literal id string
   * and a `VmApplication` object are not recognised as the same application before deployment:
   * add `dependsOn` between such versions.
   * @default none
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications
   */
  application?: ApplicationRef;
  /**
   * Resource id of an application managed elsewhere; its location and OS are read from Azure.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/get
   */
  applicationId?: pulumi.Input<string>;
  /**
   * Version name Major.Minor.Patch, each 0..2147483647. A published version's content cannot
   * change: publish a new number instead.
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#limitations
   */
  version: string;
  /**
   * Region the version is created in; always among the target regions.
   * @default the application's location
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  location?: pulumi.Input<string>;
  /**
   * Where `package.path` / `config.path` are staged: a `PackageStorage` or its names.
   * Required when either path is given.
   * @default none
   */
  storage?: StorageRef;
  /** The package (at most 2 GiB). */
  package: PackageSourceArgs;
  /** The default configuration file. @default none */
  config?: ConfigSourceArgs;
  /** Install, remove and update commands. */
  commands: ManageCommandsArgs;
  /**
   * Name of the package file on the VM; not changeable once published.
   * @default the application name, without extension
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#packageFileName
   */
  packageFileName?: string;
  /**
   * Name of the configuration file on the VM; not changeable once published.
   * @default the application name + "_config"
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#configFileName
   */
  configFileName?: string;
  /**
   * What happens to install/update/remove after a reboot.
   * @default "None"
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  scriptBehaviorAfterReboot?: ScriptBehaviorAfterReboot;
  /**
   * Extra settings for the vm-application-manager extension; advanced use only.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  advancedSettings?: Record<string, string>;
  /**
   * Whether the application reports health.
   * @default false
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  enableHealthCheck?: boolean;
  /**
   * Custom actions runnable with this version.
   * @default []
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  customActions?: CustomActionArgs[];
  /**
   * Hide this version from "latest" (updatable).
   * @default false
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#excludeFromLatest
   */
  excludeFromLatest?: boolean;
  /**
   * Rolls this version back, in one line: it is hidden from "latest" (`excludeFromLatest: true`,
   * version-wide and in every target region: an update in place, so automatic upgrades do not
   * pick it again), and every `applicationProfile()` given this version installs the version of
   * the same application declared before it in this program instead (the highest lower number
   * not rolled back itself; declare that version before the profile). The version itself stays
   * published, for the VMs that still run it until their profile changes. Remove the flag to roll
   * forward again. A flag on the version rather than a helper: a component's arguments cannot
   * change after it is constructed, and one flag then moves every profile that names it.
   * @default false
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#excludeFromLatest
   */
  rolledBack?: boolean;
  /**
   * End of life date (ISO 8601), informational and updatable.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  endOfLifeDate?: pulumi.Input<string>;
  /**
   * Storage for replicas where a region sets none; not changeable once published.
   * @default Azure's ("Standard_LRS")
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  storageAccountType?: StorageAccountType;
  /**
   * Replication mode; not changeable once published.
   * @default Azure's ("Full")
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  replicationMode?: ReplicationMode;
  /**
   * Whether a region may later be removed from the target regions of this version.
   * @default true
   * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update
   */
  allowDeletionOfReplicatedLocations?: boolean;
  /**
   * Target regions by name as you spell it ("West Europe" or "westeurope"), with replicas or
   * demand. The version's own location is added when missing.
   * @see https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery#replication
   */
  regions: Record<string, RegionArgs>;
  /**
   * Force the package blob type.
   * @default "page" when a region wants more than 3 replicas, else "block"
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#limitations
   */
  blobType?: BlobType;
  /** SAS lifetime for packages staged here. @default staging's defaults */
  sas?: SasRenewalArgs;
}

const STAGED_PATH = {
  why: "the path decides what is staged, checked before anything is registered",
};
const ARCHIVE_FORMAT = { why: "the archive format decides how a folder is staged" };

/**
 * Every key of the arguments; fields typed plain are marked `plain`: an Output there is refused
 * (shared/plain.ts). Those left `ANY_VALUE` are checked once they resolve.
 */
const VERSION_KEYS = {
  application: APPLICATION_REF,
  applicationId: ANY_VALUE,
  version: plain({
    why: "the version number names the Azure resource and orders the versions of the application",
  }),
  location: ANY_VALUE,
  storage: STORAGE_REF,
  package: plainShape(
    objectShape<PackageSourceArgs>({
      path: plain(STAGED_PATH),
      mediaLink: ANY_VALUE,
      archiveFormat: plain(ARCHIVE_FORMAT),
      allowPadding: ANY_VALUE,
    }),
    {
      why: "the package decides what is staged and checked",
      fix: 'Pass package as a plain object; a secret link goes inside it: package: { mediaLink: config.requireSecret("mediaLink") }.',
    },
  ),
  config: plainShape(
    objectShape<ConfigSourceArgs>({
      path: plain(STAGED_PATH),
      link: ANY_VALUE,
      archiveFormat: plain(ARCHIVE_FORMAT),
    }),
    {
      why: "the configuration decides what is staged and checked",
      fix: 'Pass config as a plain object; a secret link goes inside it: config: { link: config.requireSecret("configLink") }.',
    },
  ),
  commands: objectShape<ManageCommandsArgs>({
    install: ANY_VALUE,
    remove: ANY_VALUE,
    update: ANY_VALUE,
  }),
  packageFileName: ANY_VALUE,
  configFileName: ANY_VALUE,
  scriptBehaviorAfterReboot: ANY_VALUE,
  // Settings for the extension, named by Azure, not by this package: any key may be right.
  advancedSettings: ANY_VALUE,
  enableHealthCheck: ANY_VALUE,
  customActions: listOf(CUSTOM_ACTION),
  excludeFromLatest: ANY_VALUE,
  rolledBack: plain({
    why: "application profiles read it before the deployment to choose the version they install",
  }),
  endOfLifeDate: ANY_VALUE,
  storageAccountType: plain({
    why: "the storage account type is planned with the target regions and cannot change once published",
  }),
  replicationMode: ANY_VALUE,
  allowDeletionOfReplicatedLocations: ANY_VALUE,
  regions: mapOf(REGION_ARGS),
  blobType: ANY_VALUE,
  sas: objectShape<SasRenewalArgs>({ validForDays: ANY_VALUE, renewWithinDays: ANY_VALUE }),
} satisfies KeysOf<VmApplicationVersionArgs>;

/** `replicas: 5` or `westeurope: {…}` beside `regions` get a fix that moves them inside. */
export const VERSION_ARGS = objectShape<VmApplicationVersionArgs>(VERSION_KEYS, {
  hint: outsideRegionsHint(Object.keys(VERSION_KEYS)),
});
