/**
 * The arguments of `applicationProfile()` and their shape (sdk/core/shared/keys.ts), typed against
 * each other, and the value it returns: what azure-native takes as `applicationProfile` of a
 * `compute.VirtualMachine` and of a scale set's `virtualMachineProfile`.
 * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#applicationprofile
 */
import type * as pulumi from "@pulumi/pulumi";
import { ANY_VALUE, listOf, objectShape } from "../../core/shared/keys";
import type { VmApplicationVersion } from "../application/vmApplicationVersion";
import { plainShape } from "../shared/plain";
import type { OsType } from "../shared/types";

/**
 * One application a VM or scale set installs.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to
 */
export interface ProfileApplicationArgs {
  /**
   * The version to install: a `VmApplicationVersion` (its application, OS and target regions are
   * then checked against the profile, and a `rolledBack` one is replaced by the version before
   * it), or a version's resource id `…/galleries/<g>/applications/<app>/versions/<version>` (a
   * string or an Output, e.g. from another stack; only its form and duplicates can be checked).
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#vmgalleryapplication
   */
  version: VmApplicationVersion | pulumi.Input<string>;
  /**
   * Install order among the profile's applications: a whole number (int32), each order given at
   * most once. Applications without one are installed after those with one.
   * @default none (Azure decides)
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to#order
   */
  order?: pulumi.Input<number>;
  /**
   * A configuration file replacing the version's default on these VMs: the https URL of a blob
   * with a read SAS, valid as long as VMs may install the application (new instances and
   * reimages download it again). Kept as a secret.
   * @default the version's default configuration
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#vmgalleryapplication
   */
  config?: pulumi.Input<string>;
  /**
   * Whether a failed install fails the VM's deployment. Azure's own default, false, reports a
   * failed install as a successful deployment: this package defaults to true.
   * @default true
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to#treat-failure-as-deployment-failure
   */
  treatFailureAsDeploymentFailure?: pulumi.Input<boolean>;
  /**
   * Upgrade the VMs automatically when a newer version of the application is published (versions
   * with `excludeFromLatest`, e.g. a `rolledBack` one, are skipped).
   * @default false (Azure's)
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#vmgalleryapplication
   */
  enableAutomaticUpgrade?: pulumi.Input<boolean>;
  /**
   * A passthrough text for your own context; Azure does not read it.
   * @default none
   * @see https://learn.microsoft.com/rest/api/compute/virtual-machine-scale-sets/create-or-update#vmgalleryapplication
   */
  tags?: pulumi.Input<string>;
}

/**
 * What a VM or scale set installs, and what the checks compare each version with.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications
 */
export interface ApplicationProfileArgs {
  /**
   * The applications, at most 25, each application once (one version of it per VM).
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#limitations
   */
  applications: ProfileApplicationArgs[];
  /**
   * The OS the VMs run: each application's `supportedOsType` must match it.
   * @default not checked
   * @see https://learn.microsoft.com/rest/api/compute/gallery-applications/create-or-update
   */
  osType?: pulumi.Input<OsType>;
  /**
   * Where the VM or scale set is: each version must be replicated there (among its target
   * regions), or Azure fails the VM's deployment. Pass the VM's own `location`.
   * @default not checked
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#limitations
   */
  location?: pulumi.Input<string>;
}

/** How `applicationProfile()` names itself in problem reports. */
export interface ApplicationProfileOptions {
  /**
   * Names this profile in problems and errors (`applicationProfile "web" has 2 problems`): give
   * one per profile when a program has several.
   * @default "applicationProfile"
   */
  name?: string;
}

/**
 * One entry of `galleryApplications`, as azure-native takes it. Every value waits for the checks
 * (a value that fails them never reaches the VM); `configurationReference` is a secret.
 */
export interface ApplicationProfileEntry {
  packageReferenceId: pulumi.Output<string>;
  configurationReference?: pulumi.Output<string>;
  order?: pulumi.Output<number>;
  treatFailureAsDeploymentFailure: pulumi.Output<boolean>;
  enableAutomaticUpgrade?: pulumi.Output<boolean>;
  tags?: pulumi.Output<string>;
}

/** The value for `applicationProfile` of a VM or of a scale set's `virtualMachineProfile`. */
export interface ApplicationProfile {
  galleryApplications: ApplicationProfileEntry[];
}

export const PROFILE_APPLICATION_ARGS = objectShape<ProfileApplicationArgs>({
  version: ANY_VALUE,
  order: ANY_VALUE,
  config: ANY_VALUE,
  treatFailureAsDeploymentFailure: ANY_VALUE,
  enableAutomaticUpgrade: ANY_VALUE,
  tags: ANY_VALUE,
});

/** Every key; `applications` is plain (an Output there is refused, shared/plain.ts). */
export const APPLICATION_PROFILE_ARGS = objectShape<ApplicationProfileArgs>({
  applications: plainShape(listOf(PROFILE_APPLICATION_ARGS), {
    why: "the applications are counted, compared and resolved to their versions before anything is registered",
    fix: 'Pass applications as a plain list; a version known later goes inside its entry: applications: [{ version: stack.getOutput("versionId") }].',
  }),
  osType: ANY_VALUE,
  location: ANY_VALUE,
});
