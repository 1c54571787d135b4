export { VmApplication, type VmApplicationArgs } from "./application/vmApplication";
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
} from "./application/vmApplicationVersion";
export { VmAppsComponentError } from "./errors";
export {
  AppGallery,
  type AppGalleryArgs,
  type CommunityGalleryArgs,
  type ExistingGalleryArgs,
  type GallerySharingArgs,
} from "./gallery/appGallery";
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
