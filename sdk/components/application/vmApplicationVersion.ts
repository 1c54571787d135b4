import { statSync } from "node:fs";
import { basename } from "node:path";
import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import {
  type ApplicationVersionShape,
  type Problem,
  planReplication,
  type ReplicationPlan,
  validateApplicationVersion,
} from "../../core";
import { unknownRegionProblems } from "../../core/azureRegions";
import {
  ANY_VALUE,
  type KeysOf,
  listOf,
  mapOf,
  objectShape,
  unknownKeyProblems,
} from "../../core/keys";
import { recipeMismatchProblems } from "../../core/recipes/origin";
import { outsideRegionsHint, REGION_SHAPE, regionField } from "../../core/replication";
import { error, warning } from "../../core/validation/problems";
import { sasSettingsProblems } from "../../staging/sas/rules";
import { pageBlobSupport } from "../../staging/source/align";
import { checkLocalSource } from "../../staging/source/check";
import { archiveFormatProblems, defaultArchiveFormat } from "../../staging/source/formats";
import { StagedBlob } from "../../staging/stagedBlob";
import { ComponentProblems } from "../errors";
import {
  type ApplicationIdentity,
  applicationIdentity,
  declaredBy,
  takeTurn,
} from "../shared/chain";
import { toVersionArgumentField } from "../shared/fields";
import { known, knownDeep } from "../shared/known";
import { checkWhenResolved, gate, unknownOutput, whenPassed } from "../shared/late";
import {
  type ApplicationIdParts,
  applicationIdProblems,
  blobUrlWithoutSas,
  nextPatchVersion,
  parseApplicationId,
  publicBlobUrl,
  regionStorageTypes,
  sasExpiry,
  sourceFingerprint,
} from "../shared/resourceIds";
import { APPLICATION_REF, CUSTOM_ACTION, STORAGE_REF } from "../shared/shapes";
import {
  type ApplicationRef,
  type ArchiveFormat,
  type BlobType,
  type CustomActionArgs,
  OsType,
  type ReplicationMode,
  type ScriptBehaviorAfterReboot,
  type StorageAccountType,
  type StorageRef,
} from "../shared/types";
import { VersionGuard } from "../shared/versionGuard";
import { applicationFacts } from "./facts";

const TYPE = "vmapps:index:VmApplicationVersion";

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
 * What will be deployed at the same time in a region; drives the recommended replica count.
 * @see https://learn.microsoft.com/azure/virtual-machines/azure-compute-gallery#scaling
 */
export interface ReplicaDemandArgs {
  /** VMs created at the same time (one replica per 20). @default 0 */
  vms?: number;
  /** Instance count of each scale-set deployment made at the same time (one replica per 600). @default [] */
  scaleSets?: number[];
  /** Simultaneous package downloads expected (one replica per 200). @default none */
  concurrentDownloads?: number;
}

/**
 * One target region. An explicit `replicas` wins over `demand`, and the plan says so.
 * @see https://learn.microsoft.com/rest/api/compute/gallery-application-versions/create-or-update#targetregion
 */
export interface RegionArgs {
  /** Replicas in this region, 1..10 (at most 3 on a block blob). @default from `demand`, else 1 */
  replicas?: number;
  /** Demand the replica count is recommended from. @default none */
  demand?: ReplicaDemandArgs;
  /** Storage for replicas here; not changeable once published. @default the version's */
  storageAccountType?: StorageAccountType;
  /** Hide this version from "latest" in this region. @default the version's */
  excludeFromLatest?: boolean;
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

/**
 * A region entry is what the replica planner reads, so its keys and hint are the planner's (one
 * rule for components, fleet files and the planner's own callers); declared again here so that
 * tsc holds them equal to the keys of RegionArgs and ReplicaDemandArgs.
 */
const REGION_ARGS = objectShape<RegionArgs>({ ...REGION_SHAPE.keys }, { hint: REGION_SHAPE.hint });

const VERSION_KEYS = {
  application: APPLICATION_REF,
  applicationId: ANY_VALUE,
  version: ANY_VALUE,
  location: ANY_VALUE,
  storage: STORAGE_REF,
  package: objectShape<PackageSourceArgs>({
    path: ANY_VALUE,
    mediaLink: ANY_VALUE,
    archiveFormat: ANY_VALUE,
    allowPadding: ANY_VALUE,
  }),
  config: objectShape<ConfigSourceArgs>({
    path: ANY_VALUE,
    link: ANY_VALUE,
    archiveFormat: ANY_VALUE,
  }),
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
  endOfLifeDate: ANY_VALUE,
  storageAccountType: ANY_VALUE,
  replicationMode: ANY_VALUE,
  allowDeletionOfReplicatedLocations: ANY_VALUE,
  regions: mapOf(REGION_ARGS),
  blobType: ANY_VALUE,
  sas: objectShape<SasRenewalArgs>({ validForDays: ANY_VALUE, renewWithinDays: ANY_VALUE }),
} satisfies KeysOf<VmApplicationVersionArgs>;

/** `replicas: 5` or `westeurope: {…}` beside `regions` get a fix that moves them inside. */
const VERSION_ARGS = objectShape<VmApplicationVersionArgs>(VERSION_KEYS, {
  hint: outsideRegionsHint(Object.keys(VERSION_KEYS)),
});

/** Replicas planned for one region, and why. */
export interface RegionReplicaPlan {
  /** Normalised region name. */
  region: string;
  /** Replicas requested from Azure. */
  replicas: number;
  /** Replicas the demand called for before any limit. */
  wanted: number;
  /** "explicit", "demand" or "default". */
  source: string;
  /**
   * The rule that decided `wanted`: "vms", "scale-sets", "vms-and-scale-sets",
   * "concurrent-downloads" or "minimum" (from demand, or no demand), or "explicit".
   */
  decidedBy: string;
  /** "block-blob-limit" or "region-max" when `wanted` was capped. */
  limitedBy?: string;
  /** One sentence per rule applied. */
  reasons: string[];
  /** True when the region is the version's location and was not listed. */
  addedBecauseLocation?: boolean;
}

/** One entry of `publishingProfile.targetRegions`, as sent to Azure. */
export interface TargetRegionOutput {
  name: string;
  regionalReplicaCount: number;
  storageAccountType?: string;
  excludeFromLatest?: boolean;
}

/**
 * One version of a VM application: stages the package (and configuration), plans target regions
 * and replicas from demand, and publishes it. Versions of one application declared in one
 * program are published one after another.
 */
export class VmApplicationVersion extends pulumi.ComponentResource {
  /** Resource id of the version. */
  public readonly id: pulumi.Output<string>;
  /** Version name, e.g. 1.2.3. */
  public readonly version: pulumi.Output<string>;
  /** Replicas per region with the rule that decided them. */
  public readonly replicaPlan: pulumi.Output<RegionReplicaPlan[]>;
  /** Target regions as sent to Azure (location first, names normalised). */
  public readonly targetRegions: pulumi.Output<TargetRegionOutput[]>;
  /** Version-wide default replica count, 1..3. */
  public readonly replicaCount: pulumi.Output<number>;
  /** "block" or "page". */
  public readonly blobType: pulumi.Output<string>;
  /** Why this blob type. */
  public readonly blobTypeReason: pulumi.Output<string>;
  /** Package SAS URL given to the gallery; a secret. */
  public readonly mediaLink: pulumi.Output<string>;
  /** Package blob URL without its SAS: what identifies the source. */
  public readonly sourceBlobUrl: pulumi.Output<string>;
  /** When the package SAS expires (ISO 8601), if known; renewal updates the version in place. */
  public readonly sasExpiresOn: pulumi.Output<string | undefined>;

  constructor(
    name: string,
    args: VmApplicationVersionArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    const identity = applicationIdentity(args.application, args.applicationId);
    const checked = validateVersion(args, identity);
    const report = new ComponentProblems(TYPE, name);
    const failed = report.stopBeforeRegistering(checked.problems);
    super(TYPE, name, {}, opts);
    report.registered(this);
    // The same checks once Outputs resolve (the application is a reference, not checked here;
    // the version number was claimed above, so it is not a duplicate of itself then).
    const passed = checkWhenResolved(
      args,
      ["application", "storage"],
      (resolved) => validateVersion(resolved, undefined).problems,
      (problems) => report.stopWhenResolved(this, problems),
    );
    // Offline a component with errors registers with unknown outputs and no children, so the
    // program goes on; its Outputs are still checked above, so the plan lists every problem.
    if (failed) {
      this.id = unknownOutput();
      this.version = unknownOutput();
      this.replicaPlan = unknownOutput();
      this.targetRegions = unknownOutput();
      this.replicaCount = unknownOutput();
      this.blobType = unknownOutput();
      this.blobTypeReason = unknownOutput();
      this.mediaLink = unknownOutput();
      this.sourceBlobUrl = unknownOutput();
      this.sasExpiresOn = unknownOutput();
      this.registerOutputs({});
      return;
    }

    const application =
      args.application ??
      applicationFromId(args.applicationId as pulumi.Input<string>, this, passed);
    const location = pulumi.output(args.location ?? application.location);
    const plan = pulumi
      .all([location, args.regions, args.blobType, args.storageAccountType, passed])
      .apply(([where, regions, blobType, storageAccountType]) => {
        const resolved = { regions, blobType, storageAccountType } as PlanArgs;
        const late = planFor(resolved, where);
        const problems = [...late.problems, ...regionNameProblems(undefined, known(where))];
        return report.stopWhenResolved(this, problems) ? unknownOutput<ReplicationPlan>() : late;
      }) as pulumi.Output<ReplicationPlan>;
    // Known before registering, so staging need not wait for the application's location;
    // unless regions or the blob type are Outputs, which the resolved plan then decides.
    const blobType = checked.planKnown ? checked.plan.blobType : plan.blobType;
    const blobTypeReason = checked.planKnown ? checked.plan.blobTypeReason : plan.blobTypeReason;

    const packageBlob = stage(
      `${name}-package`,
      "package",
      args.package.path,
      args,
      application,
      blobType,
      this,
      passed,
    );
    const configBlob = stage(
      `${name}-config`,
      "config",
      args.config?.path,
      args,
      application,
      "block",
      this,
      passed,
    );
    // Links given as Outputs reach the version (and the outputs) only once checked.
    const mediaLink = pulumi.secret(
      packageBlob
        ? packageBlob.sasUrl
        : whenPassed(passed, args.package.mediaLink as pulumi.Input<string>),
    );
    const configLink = configBlob
      ? pulumi.secret(configBlob.sasUrl)
      : args.config?.link && pulumi.secret(whenPassed(passed, args.config.link));
    const sourceBlobUrl = packageBlob ? packageBlob.url : blobUrlOf(mediaLink);
    const passedThrough = profileFromArgs(args);
    const previous = takeTurn(identity, args.version, name, this);
    // The guard runs before the version: its check fails the preview when an immutable property
    // would change, and at `pulumi up` (after staging, when a rebuilt local package.path gets its
    // content-addressed name) it stops the deployment before Azure is asked to change anything.
    // The price: if Azure refuses to create the version, the fingerprint is already recorded, so a
    // corrected package for the same number is refused too; the guard's message says to publish
    // the next number or to `pulumi state delete` the guard (docs/components.md: "Changing a
    // published version").
    const applicationKey = pulumi.interpolate`${application.resourceGroupName}/${application.galleryName}/${application.applicationName}`;
    const guard = new VersionGuard(
      `${name}-guard`,
      {
        application: applicationKey,
        version: args.version,
        nextVersion: nextPatchVersion(args.version),
        install: args.commands.install,
        remove: args.commands.remove,
        update: args.commands.update,
        packageFileName: args.packageFileName,
        configFileName: args.configFileName,
        scriptBehaviorAfterReboot: args.scriptBehaviorAfterReboot,
        packageBlob: packageBlob ? packageBlob.url : fingerprintOf(mediaLink),
        configBlob: configBlob ? configBlob.url : configLink && fingerprintOf(configLink),
        storageAccountType: args.storageAccountType,
        replicationMode: args.replicationMode,
        regionStorageAccountTypes: plan.apply((p) => regionStorageTypes(p.targetRegions)),
      },
      { parent: this, dependsOn: gate(passed) },
    );

    const version = new compute.GalleryApplicationVersion(
      `${name}-version`,
      {
        resourceGroupName: application.resourceGroupName,
        galleryName: application.galleryName,
        galleryApplicationName: application.applicationName,
        galleryApplicationVersionName: args.version,
        location,
        publishingProfile: {
          source: { mediaLink, defaultConfigurationLink: configLink },
          manageActions: {
            install: args.commands.install,
            remove: args.commands.remove,
            update: args.commands.update,
          },
          settings: passedThrough.settings,
          ...passedThrough.options,
          replicaCount: plan.replicaCount,
          targetRegions: plan.targetRegions,
        },
        safetyProfile: {
          allowDeletionOfReplicatedLocations: args.allowDeletionOfReplicatedLocations ?? true,
        },
      },
      {
        parent: this,
        dependsOn: gate(passed, previous ? [previous, guard] : [guard]),
        additionalSecretOutputs: ["publishingProfile"],
      },
    );

    this.id = version.id;
    this.version = version.name;
    this.replicaPlan = plan.apply((p) => p.regions.map(toRegionReplicaPlan));
    this.targetRegions = plan.targetRegions;
    this.replicaCount = plan.replicaCount;
    this.blobType = pulumi.output(blobType);
    this.blobTypeReason = pulumi.output(blobTypeReason);
    this.mediaLink = mediaLink;
    this.sourceBlobUrl = sourceBlobUrl;
    this.sasExpiresOn = packageBlob
      ? packageBlob.sasExpiresOn
      : pulumi.unsecret(mediaLink.apply(sasExpiry));
    this.registerOutputs({
      id: this.id,
      version: this.version,
      replicaPlan: this.replicaPlan,
      targetRegions: this.targetRegions,
      replicaCount: this.replicaCount,
      blobType: this.blobType,
      blobTypeReason: this.blobTypeReason,
      mediaLink: this.mediaLink,
      sourceBlobUrl: this.sourceBlobUrl,
      sasExpiresOn: this.sasExpiresOn,
    });
  }
}

interface CheckedVersion {
  problems: Problem[];
  /** Plan with the location when known now, else with a stand-in: blob type does not depend on it. */
  plan: ReplicationPlan;
  /** False when regions or the blob type are not known yet: `plan` then stands in for them. */
  planKnown: boolean;
}

/**
 * Every check of the arguments: before anything is registered on the values known then, and
 * again on the resolved arguments (with `identity` undefined: the number is claimed by then).
 */
function validateVersion(
  args: VmApplicationVersionArgs,
  identity: ApplicationIdentity | undefined,
): CheckedVersion {
  const problems = unknownKeyProblems(args, VERSION_ARGS);
  problems.push(
    ...recipeMismatchProblems(
      args.commands,
      applicationFacts(args.application, args.applicationId),
      known(args.packageFileName),
    ),
  );
  const otherDeclaration = declaredBy(identity, args.version);
  if (otherDeclaration !== undefined) {
    problems.push(
      error(
        "version",
        `Version ${args.version} of this application is already declared by VmApplicationVersion "${otherDeclaration}"; two resources would manage one Azure version and overwrite each other.`,
        `Give this one its own version number (e.g. ${nextPatchVersion(args.version) || "the next patch number"}), or remove one of the two.`,
      ),
    );
  }
  if ((args.application === undefined) === (args.applicationId === undefined)) {
    problems.push(
      error(
        "application",
        args.application
          ? "Both application and applicationId are set."
          : "No application is given.",
        "Give exactly one of application (a VmApplication) and applicationId (its resource id).",
      ),
    );
  }
  const applicationId = known(args.applicationId);
  if (applicationId !== undefined) {
    problems.push(...applicationIdProblems(applicationId, "applicationId"));
  }
  const pkg = args.package ?? {};
  if ((pkg.path === undefined) === (pkg.mediaLink === undefined)) {
    problems.push(
      error(
        "package",
        pkg.path !== undefined
          ? "Both package.path and package.mediaLink are set."
          : "No package is given.",
        "Give exactly one of package.path (a file or folder to stage) and package.mediaLink (a SAS URL).",
      ),
    );
  }
  if (args.config?.path !== undefined && args.config.link !== undefined) {
    problems.push(
      error(
        "config",
        "Both config.path and config.link are set.",
        "Give at most one of config.path and config.link.",
      ),
    );
  }
  const packageFile = localSource(pkg.path, "package.path", "package", problems);
  localSource(args.config?.path, "config.path", "config", problems);
  problems.push(...archiveFormatProblems(pkg.archiveFormat, "package.archiveFormat"));
  problems.push(...archiveFormatProblems(args.config?.archiveFormat, "config.archiveFormat"));
  const staging = pkg.path !== undefined || args.config?.path !== undefined;
  if (staging && args.storage === undefined) {
    problems.push(
      error(
        "storage",
        "A package or configuration path must be staged, and no storage is given.",
        "Set storage to a PackageStorage (or its accountName, containerName and blobEndpoint).",
      ),
    );
  }
  if (staging) problems.push(...stagingSecretProblems(args));
  else if (args.sas !== undefined) {
    problems.push(
      warning(
        "sas",
        "sas sets the SAS of packages staged from a path; nothing is staged here, so it has no effect.",
        "Remove sas, or stage the package from package.path.",
      ),
    );
  }
  const regions = knownDeep(args.regions);
  const blobTypeArg = known(args.blobType as pulumi.Input<BlobType> | undefined);
  const planKnown =
    regions !== undefined && (args.blobType === undefined || blobTypeArg !== undefined);
  if (args.regions === undefined || (regions !== undefined && typeof regions !== "object")) {
    problems.push(
      error(
        "regions",
        "No target regions are given.",
        "Set regions, e.g. { westeurope: { demand: { vms: 40 } } }; use {} for the location only.",
      ),
    );
  }

  // Regions still unknown are checked once resolved; until then only the location is planned.
  const knownLocation = known(args.location);
  const planned = planKnown
    ? { regions, blobType: blobTypeArg, storageAccountType: args.storageAccountType }
    : { regions: {} };
  const plan = planFor(
    planned,
    knownLocation ?? Object.keys(planned.regions ?? {})[0] ?? LOCATION_STAND_IN,
  );
  if (planKnown) problems.push(...plan.problems);
  problems.push(...regionNameProblems(planned.regions, knownLocation));
  if (planKnown && plan.blobType === "page" && packageFile !== undefined) {
    problems.push(...pageBlobProblems(packageFile, pkg, plan.blobTypeReason));
  }

  const passedThrough = profileFromArgs(args);
  const version = {
    name: args.version,
    location: knownLocation ?? plan.targetRegions[0]?.name,
    publishingProfile: {
      source: {
        // A package staged here has no link yet: present but unknown, so it is not "missing".
        mediaLink: known(pkg.mediaLink),
        // A staged configuration has no link yet either: present but unknown.
        ...(args.config?.path !== undefined
          ? { defaultConfigurationLink: undefined }
          : present({ defaultConfigurationLink: args.config?.link })),
      },
      // Commands given as one Output are present, but not known yet.
      manageActions:
        args.commands !== undefined && known(args.commands) === undefined
          ? undefined
          : present({ ...args.commands }),
      settings: present(passedThrough.settings),
      ...present(passedThrough.options),
    },
    safetyProfile: present({
      allowDeletionOfReplicatedLocations: args.allowDeletionOfReplicatedLocations,
    }),
  };
  // Local files were sized above under the argument the user wrote (package.path, config.path):
  // the core would report their sizes under the links. Target regions and replica counts are
  // checked by planReplication, also under the argument names; the core checks the rest.
  const context = { blobType: plan.blobType };
  problems.push(
    ...validateApplicationVersion(version as ApplicationVersionShape, context).map(
      toVersionArgumentField,
    ),
  );
  return { problems, plan, planKnown };
}

/**
 * The publishing profile fields the arguments give as they are, for the version resource and
 * for its validation alike.
 */
function profileFromArgs(args: VmApplicationVersionArgs) {
  return {
    settings: {
      packageFileName: args.packageFileName,
      configFileName: args.configFileName,
      scriptBehaviorAfterReboot: args.scriptBehaviorAfterReboot,
    },
    options: {
      advancedSettings: args.advancedSettings,
      enableHealthCheck: args.enableHealthCheck,
      customActions: args.customActions,
      excludeFromLatest: args.excludeFromLatest,
      endOfLifeDate: args.endOfLifeDate,
      storageAccountType: args.storageAccountType,
      replicationMode: args.replicationMode,
    },
  };
}

/** Region that stands in for a location not known yet; only the blob type is used then. */
const LOCATION_STAND_IN = "location";

/**
 * The ARM shape the core validates: an argument left out is absent (so "missing" can be
 * reported), one given as an Output is present but undefined (unknown, skipped).
 */
function present<T extends Record<string, unknown>>(values: T): Partial<Record<keyof T, unknown>> {
  const shape: Partial<Record<keyof T, unknown>> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) shape[key as keyof T] = known(value as pulumi.Input<unknown>);
  }
  return shape;
}

/** A local file to be staged as it is. */
interface LocalFile {
  path: string;
  size: number;
}

/**
 * Checks a local `path` before anything is registered, with staging's rules (the one home of
 * them): returns the file (undefined for a folder, archived at deployment, or a missing path).
 */
function localSource(
  path: string | undefined,
  field: string,
  kind: "package" | "config",
  problems: Problem[],
): LocalFile | undefined {
  if (path === undefined) return undefined;
  const { facts, problems: found } = checkLocalSource(path, field, kind);
  problems.push(...found);
  return facts.type === "file" ? { path, size: facts.size } : undefined;
}

/**
 * The connection string is stored in state with the staged blob, so it must be a secret; a plain
 * string is visible now (an Output's secrecy is known only later, and staging checks it then).
 * SAS settings that no SAS can have would only fail after the upload.
 */
function stagingSecretProblems(args: VmApplicationVersionArgs): Problem[] {
  const problems: Problem[] = [];
  const connectionString = args.storage?.connectionString;
  if (typeof connectionString === "string") {
    problems.push(
      error(
        "storage.connectionString",
        "The connection string is a plain string; it holds the account key and would be stored in clear text in state.",
        "Wrap it in pulumi.secret(...) or read it with config.requireSecret(...).",
      ),
    );
  }
  const sas = args.sas;
  const validForDays = sas?.validForDays as pulumi.Input<number> | undefined;
  const renewWithinDays = sas?.renewWithinDays as pulumi.Input<number> | undefined;
  const stillUnknown = [validForDays, renewWithinDays].some(
    (value) => value !== undefined && known(value) === undefined,
  );
  if (sas !== undefined && !stillUnknown) {
    problems.push(
      ...sasSettingsProblems(
        {
          validForDays: known(validForDays),
          renewWithinDays: known(renewWithinDays),
          userDelegation: connectionString === undefined,
        },
        { validForDays: "sas.validForDays", renewWithinDays: "sas.renewWithinDays" },
      ),
    );
  }
  return problems;
}

/**
 * Region names Azure does not know would only fail at deployment; new regions open and
 * sovereign clouds have others, so these are warnings.
 */
function regionNameProblems(
  regions: VmApplicationVersionArgs["regions"] | undefined,
  location: string | undefined,
): Problem[] {
  const problems: Problem[] = [];
  if (location !== undefined && location.trim() !== "") {
    problems.push(...unknownRegionProblems(location, "location"));
  }
  if (regions && typeof regions === "object") {
    for (const region of Object.keys(regions)) {
      if (region.trim() !== "")
        problems.push(...unknownRegionProblems(region, regionField(region)));
    }
  }
  return problems;
}

/**
 * A page blob is whole 512-byte pages. Staging pads zip and gzip without breaking them, but any
 * other file only with allowPadding; refuse before registering rather than at staging.
 */
function pageBlobProblems(
  file: LocalFile,
  pkg: PackageSourceArgs,
  blobTypeReason: string,
): Problem[] {
  if (pkg.allowPadding === true) return [];
  if (pageBlobSupport({ path: file.path, size: file.size }) !== "needs-allowPadding") return [];
  return [
    error(
      "package.path",
      `${basename(file.path)} (${file.size} bytes) must be staged as a page blob (${blobTypeReason}), which holds whole 512-byte pages; it is not zip, tar or tar.gz, so filling it up with zero bytes could break it.`,
      'Archive it as zip or tar.gz (e.g. point package.path at a folder holding it), or set package.allowPadding: true if its installer tolerates trailing zero bytes, or lower every region to at most 3 replicas, or set blobType: "block".',
    ),
  ];
}

/** What the replication plan reads from the arguments. */
type PlanArgs = Partial<
  Pick<VmApplicationVersionArgs, "regions" | "blobType" | "storageAccountType">
>;

function planFor(args: PlanArgs, location: string): ReplicationPlan {
  return planReplication({
    location,
    regions: args.regions ?? {},
    blobType: args.blobType,
    storageAccountType: args.storageAccountType,
  });
}

/**
 * The blob URL without SAS, in plain text only when it is sure to hold no SAS material;
 * otherwise it stays as secret as the link.
 */
function blobUrlOf(link: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi.unsecret(link).apply((value) => {
    const url = publicBlobUrl(value);
    return url !== undefined ? pulumi.output(url) : pulumi.secret(blobUrlWithoutSas(value));
  });
}

/** What the guard stores to recognise the source: never any part of a signature. */
function fingerprintOf(link: pulumi.Output<string>): pulumi.Output<string> {
  return pulumi.unsecret(link.apply(sourceFingerprint));
}

function stage(
  resourceName: string,
  kind: "package" | "config",
  path: string | undefined,
  args: VmApplicationVersionArgs,
  application: ApplicationRef,
  blobType: pulumi.Input<string>,
  parent: pulumi.Resource,
  passed: pulumi.Output<true>,
): StagedBlob | undefined {
  if (path === undefined) return undefined;
  const storage = args.storage as StorageRef;
  const chosenFormat =
    kind === "config"
      ? (args.config?.archiveFormat ?? args.package.archiveFormat)
      : args.package.archiveFormat;
  const archiveFormat = statSync(path).isDirectory()
    ? (chosenFormat ?? pulumi.output(application.supportedOsType).apply(defaultArchiveFormat))
    : undefined;
  return new StagedBlob(
    resourceName,
    {
      source: path,
      archiveFormat,
      kind,
      accountName: storage.accountName,
      containerName: storage.containerName,
      blobEndpoint: storage.blobEndpoint,
      connectionString: storage.connectionString,
      caCert: storage.caCert,
      blobType,
      allowPadding: kind === "package" ? args.package.allowPadding : undefined,
      sasValidForDays: args.sas?.validForDays,
      sasRenewWithinDays: args.sas?.renewWithinDays,
    },
    { parent, additionalSecretOutputs: ["sasUrl"], dependsOn: gate(passed) },
  );
}

/**
 * An application known only by id: names come from the id, location and OS from Azure, read
 * once the id passed its check.
 */
function applicationFromId(
  applicationId: pulumi.Input<string>,
  parent: pulumi.Resource,
  passed: pulumi.Output<true>,
): ApplicationRef {
  const parts = whenPassed(passed, applicationId).apply(
    (id) => parseApplicationId(id) as ApplicationIdParts,
  );
  const application = compute.getGalleryApplicationOutput(
    {
      resourceGroupName: parts.resourceGroupName,
      galleryName: parts.galleryName,
      galleryApplicationName: parts.applicationName,
    },
    { parent },
  );
  return {
    id: applicationId,
    applicationName: parts.applicationName,
    galleryName: parts.galleryName,
    resourceGroupName: parts.resourceGroupName,
    location: application.location,
    supportedOsType: application.supportedOSType,
  };
}

function toRegionReplicaPlan(plan: ReplicationPlan["regions"][number]): RegionReplicaPlan {
  return {
    region: plan.region,
    replicas: plan.replicas,
    wanted: plan.wanted,
    source: plan.source,
    decidedBy: plan.decidedBy,
    reasons: plan.reasons,
    ...(plan.limitedBy !== undefined && { limitedBy: plan.limitedBy }),
    ...(plan.addedBecauseLocation !== undefined && {
      addedBecauseLocation: plan.addedBecauseLocation,
    }),
  };
}
