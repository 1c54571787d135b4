import * as compute from "@pulumi/azure-native/compute";
import * as pulumi from "@pulumi/pulumi";
import type { ReplicationPlan } from "../../core";
import { ComponentProblems } from "../errors";
import { type ApplicationIdentity, applicationIdentity, takeTurn } from "../shared/chain";
import { known } from "../shared/known";
import { checkWhenResolved, gate, unknownOutput, whenPassed } from "../shared/late";
import { sasExpiry } from "../shared/links";
import { nextPatchVersion } from "../shared/names";
import {
  type ReplicationStatusOutput,
  replicationStatusFromRead,
} from "../shared/replicationStatus";
import {
  type PlanArgs,
  planFor,
  type RegionReplicaPlan,
  regionNameProblems,
  regionStorageTypes,
  type TargetRegionOutput,
  toRegionReplicaPlan,
} from "../shared/targetRegions";
import { VersionGuard } from "../shared/versionGuard";
import { COMPONENT_TOKENS } from "../tokens";
import { applicationFacts } from "./facts";
import type { VmApplicationVersionArgs } from "./versionArgs";
import { profileFromArgs, validateVersion } from "./versionChecks";
import { rememberVersion } from "./versionFacts";
import { applicationFromId, blobUrlOf, fingerprintOf, recordedTags, stage } from "./versionStaging";

const TYPE = COMPONENT_TOKENS.VmApplicationVersion;

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
  /**
   * Where the version stands, read after it is published (`$expand=ReplicationStatus`): `state`
   * Available, PartiallyAvailable, Failed, Replicating or Unknown, and each region's state,
   * progress and details. Unknown offline (`vmapps plan`); `vmapps status` reads it live.
   */
  public readonly replicationStatus: pulumi.Output<ReplicationStatusOutput>;

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
      this.targetRegions = unknownOutput();
      remember(this, name, args, identity, undefined);
      this.version = unknownOutput();
      this.replicaPlan = unknownOutput();
      this.replicaCount = unknownOutput();
      this.blobType = unknownOutput();
      this.blobTypeReason = unknownOutput();
      this.mediaLink = unknownOutput();
      this.sourceBlobUrl = unknownOutput();
      this.sasExpiresOn = unknownOutput();
      this.replicationStatus = unknownOutput();
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
    // A rolled-back version is hidden from "latest" in every region, whatever a region says.
    const targetRegions = args.rolledBack
      ? plan.targetRegions.apply((regions) =>
          regions.map((region) => ({ ...region, excludeFromLatest: true })),
        )
      : plan.targetRegions;
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
          targetRegions,
        },
        safetyProfile: {
          allowDeletionOfReplicatedLocations: args.allowDeletionOfReplicatedLocations ?? true,
        },
        tags: recordedTags({ mediaLink: packageBlob, defaultConfigurationLink: configBlob }),
      },
      {
        parent: this,
        dependsOn: gate(passed, previous ? [previous, guard] : [guard]),
        additionalSecretOutputs: ["publishingProfile"],
      },
    );

    // Read once the version exists (its name is an output of it), with the status Azure only
    // returns when asked for it.
    const read = compute.getGalleryApplicationVersionOutput(
      {
        resourceGroupName: application.resourceGroupName,
        galleryName: application.galleryName,
        galleryApplicationName: application.applicationName,
        galleryApplicationVersionName: version.name,
        expand: "ReplicationStatus",
      },
      { parent: this },
    );

    this.id = version.id;
    this.version = version.name;
    this.replicaPlan = plan.apply((p) => p.regions.map(toRegionReplicaPlan));
    this.targetRegions = targetRegions;
    this.replicaCount = plan.replicaCount;
    this.blobType = pulumi.output(blobType);
    this.blobTypeReason = pulumi.output(blobTypeReason);
    this.mediaLink = mediaLink;
    this.sourceBlobUrl = sourceBlobUrl;
    this.sasExpiresOn = packageBlob
      ? packageBlob.sasExpiresOn
      : pulumi.unsecret(mediaLink.apply(sasExpiry));
    remember(this, name, args, identity, application.supportedOsType);
    this.replicationStatus = read.apply(replicationStatusFromRead);
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
      replicationStatus: this.replicationStatus,
    });
  }
}

/** What the application profiles that install this version read of it (versionFacts.ts). */
function remember(
  component: VmApplicationVersion,
  name: string,
  args: VmApplicationVersionArgs,
  identity: ApplicationIdentity | undefined,
  os: pulumi.Input<string> | undefined,
): void {
  rememberVersion(component, {
    name,
    id: component.id,
    version: args.version,
    application: identity,
    // Known now when the application was declared with its OS; else once the Output resolves.
    os: applicationFacts(args.application, args.applicationId).os ?? os,
    targetRegions: component.targetRegions.apply((regions) => regions.map((r) => r.name)),
    rolledBack: args.rolledBack === true,
  });
}
