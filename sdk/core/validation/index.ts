export {
  type ApplicationShape,
  validateApplication,
} from "./application";
export {
  type ApplicationVersionContext,
  type ApplicationVersionShape,
  type PublishingProfileShape,
  validateApplicationVersion,
} from "./applicationVersion";
export { type GalleryApplicationAssignment, validateApplicationAssignment } from "./assignment";
export { blobLinkProblems } from "./blobLink";
export {
  CUSTOM_ACTION_PARAMETER_TYPES,
  OS_TYPES,
  REPLICATION_MODES,
  SCRIPT_BEHAVIORS_AFTER_REBOOT,
  STORAGE_ACCOUNT_TYPES,
} from "./enums";
export {
  type CustomActionParameterShape,
  type CustomActionShape,
  fileNameProblems,
} from "./fields";
export { type GalleryShape, validateGallery } from "./gallery";
export {
  assertValid,
  formatProblems,
  hasErrors,
  type Problem,
  type ProblemSeverity,
  VmAppsError,
  VmAppsValidationError,
} from "./problems";
export { type TargetRegionShape, targetRegionProblems } from "./targetRegions";
