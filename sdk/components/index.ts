/**
 * The components (Pulumi ComponentResources), one folder per gallery resource around a shared
 * kernel. Where things go:
 * - `shared/`: what every versioned gallery artifact needs, written once with the
 *   resource-specific tables passed in: target regions and the replica plan
 *   (targetRegions.ts), the immutable-property guard and its fingerprint (versionGuard.ts,
 *   immutable.ts), the version chain (chain.ts), checks of values that resolve late (late.ts,
 *   known.ts), resource ids, blob links and names (resourceIds.ts, links.ts, names.ts), the
 *   refs and enumerations shared by the arguments (types.ts, shapes.ts).
 * - `gallery/` AppGallery; `storage/` PackageStorage; `application/` VmApplication and
 *   VmApplicationVersion (arguments, checks, staging wiring, component class apart).
 * - `rollout/`: versions on the VMs and scale sets a program declares: `applicationProfile()`
 *   and `rolloutPolicy()` build values for azure-native's VM and scale set (arguments apart, in
 *   profileArgs.ts); rollback is the `rolledBack` flag of a version (application/versionFacts.ts
 *   tells profiles what a version was declared with).
 * - Next: image definitions and versions go in `image/` (reusing `shared/`), rollouts to fleets
 *   the program does not own in `rollout/`, replication status and republish in `status/`;
 *   each component's type token is added to tokens.ts.
 * - `tokens.ts`: every type token once; `errors.ts`: the component error.
 */

export type {
  ConfigSourceArgs,
  ManageCommandsArgs,
  PackageSourceArgs,
  SasRenewalArgs,
  VmApplicationVersionArgs,
} from "./application/versionArgs";
export { VmApplication, type VmApplicationArgs } from "./application/vmApplication";
export { VmApplicationVersion } from "./application/vmApplicationVersion";
export { VmAppsComponentError } from "./errors";
export {
  AppGallery,
  type AppGalleryArgs,
  type CommunityGalleryArgs,
  type ExistingGalleryArgs,
  type GallerySharingArgs,
} from "./gallery/appGallery";
export { applicationProfile } from "./rollout/applicationProfile";
export type {
  ApplicationProfile,
  ApplicationProfileArgs,
  ApplicationProfileEntry,
  ApplicationProfileOptions,
  ProfileApplicationArgs,
} from "./rollout/profileArgs";
export {
  type RolloutPolicyArgs,
  type RolloutPolicyOptions,
  type RolloutUpgradePolicy,
  rolloutPolicy,
} from "./rollout/rolloutPolicy";
export type { RegionReplicationOutput, ReplicationStatusOutput } from "./shared/replicationStatus";
export type {
  RegionArgs,
  RegionReplicaPlan,
  ReplicaDemandArgs,
  TargetRegionOutput,
} from "./shared/targetRegions";
export {
  type ApplicationRef,
  ArchiveFormat,
  BlobType,
  type CustomActionArgs,
  type CustomActionParameterArgs,
  CustomActionParameterType,
  type GalleryRef,
  GallerySharing,
  OsType,
  ReplicationMode,
  ScriptBehaviorAfterReboot,
  StorageAccountType,
  type StorageRef,
} from "./shared/types";
export {
  type ExistingContainerArgs,
  PackageStorage,
  type PackageStorageArgs,
  PackageStorageSku,
} from "./storage/packageStorage";
