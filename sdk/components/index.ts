export {
  AppGallery,
  type AppGalleryArgs,
  type CommunityGalleryArgs,
  type ExistingGalleryArgs,
  type GallerySharingArgs,
} from "./appGallery";
export { VmAppsComponentError } from "./errors";
export {
  type ExistingContainerArgs,
  PackageStorage,
  type PackageStorageArgs,
  PackageStorageSku,
} from "./packageStorage";
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
} from "./types";
export { VmApplication, type VmApplicationArgs } from "./vmApplication";
export {
  type ConfigSourceArgs,
  type ManageCommandsArgs,
  type PackageSourceArgs,
  type RegionArgs,
  type RegionReplicaPlan,
  type ReplicaDemandArgs,
  type SasRenewalArgs,
  type TargetRegionOutput,
  VmApplicationVersion,
  type VmApplicationVersionArgs,
} from "./vmApplicationVersion";
