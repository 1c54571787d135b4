/**
 * Pure planning: no @pulumi/* or @azure/* import (tests/core/purity.test.ts).
 *
 * Where things go. The kernel every versioned gallery artifact shares sits at the top: limits
 * (every documented number), regions and azureRegions, keys and closest (unknown-key hints),
 * versions (names and the version chain), replicas, replication, regionRequest and cost (the
 * replica engine). validation/ holds the per-resource rules: problems (Problem, VmAppsError),
 * fields and enums, targetRegions and blobLink (shared by any version with regions and media),
 * then gallery, application, applicationVersion and assignment. recipes/ builds the commands of
 * an application version. Image definitions and versions go beside them as validation/image*.ts,
 * reusing targetRegions, replication and versions with their own tables; rollout (assigning a
 * version to VMs and scale sets, rollback) grows from validation/assignment.ts.
 */
export {
  AZURE_PUBLIC_REGIONS,
  AZURE_PUBLIC_REGIONS_CHECKED_ON,
  closestAzureRegion,
  isKnownAzureRegion,
  unknownRegionProblems,
} from "./azureRegions";
export {
  type CostEstimate,
  type CostInput,
  type CostPrices,
  DEFAULT_PRICES,
  estimateMonthlyCost,
  type RegionCost,
} from "./cost";
export * as limits from "./limits";
export {
  type DebOptions,
  type ExeOptions,
  type ManageActions,
  type MsiOptions,
  RecipeError,
  recipes,
  type TarGzOptions,
  type ZipOptions,
} from "./recipes";
export {
  type DuplicateRegionGroup,
  findDuplicateRegions,
  normalizeRegion,
  sameRegion,
} from "./regions";
export {
  BLOB_TYPES,
  BlobType,
  blobTypeProblems,
  type ReplicaDemand,
  type ReplicaLimit,
  type ReplicaOptions,
  type ReplicaRecommendation,
  type ReplicaRule,
  recommendDefaultReplicaCount,
  recommendReplicas,
  replicaDemandProblems,
  replicaLimit,
} from "./replicas";
export {
  planReplication,
  type RegionPlan,
  type RegionRequest,
  type RegionRule,
  type ReplicationInput,
  type ReplicationPlan,
  type TargetRegion,
} from "./replication";
export {
  type ApplicationShape,
  type ApplicationVersionContext,
  type ApplicationVersionShape,
  assertValid,
  blobLinkProblems,
  CUSTOM_ACTION_PARAMETER_TYPES,
  type CustomActionParameterShape,
  type CustomActionShape,
  fileNameProblems,
  formatProblems,
  type GalleryApplicationAssignment,
  type GalleryShape,
  hasErrors,
  OS_TYPES,
  type Problem,
  type ProblemSeverity,
  type PublishingProfileShape,
  REPLICATION_MODES,
  SCRIPT_BEHAVIORS_AFTER_REBOOT,
  STORAGE_ACCOUNT_TYPES,
  type TargetRegionShape,
  VmAppsError,
  VmAppsValidationError,
  validateApplication,
  validateApplicationAssignment,
  validateApplicationVersion,
  validateGallery,
} from "./validation";
export {
  compareVersions,
  formatVersion,
  isValidVersion,
  latestVersion,
  parseVersion,
  type VersionEntry,
  type VersionParts,
  versionNameProblems,
} from "./versions";
