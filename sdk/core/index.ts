/**
 * Pure planning: no @pulumi/* or @azure/* import (tests/core/purity.test.ts).
 *
 * Where things go, by gallery resource around a shared kernel:
 * - shared/: what every versioned gallery artifact uses: limits (every documented number, with
 *   its source), problems (Problem, VmAppsError), fields and enums, keys and closest (unknown-key
 *   hints), regions and azureRegions, versions (names and the version chain), targetRegions and
 *   blobLink, and the replica engine (replicas, regionRequest, replication, cost). Resource rules
 *   pass their own tables in; nothing here knows an application from an image.
 * - shared/status/: where a published version stands (replication status per region, exit
 *   codes) and the republish plan for its failed regions; the same for applications and images.
 * - gallery/: the gallery's own rules.
 * - application/: VM Application definitions and versions, and recipes/ (install and remove
 *   commands for a package).
 * - image/: image definitions and versions (same kernel, their own limits and update tables).
 * - rollout/: versions on VMs and scale sets: the application profile's rules
 *   (applicationProfile.ts), a scale set's rolling upgrade policy (rollingPolicy.ts, scaleSet.ts,
 *   with concurrency.ts and duration.ts), and a rollout over many targets: its batches
 *   (batches.ts) and the state machine an engine drives to run and roll it back (execution.ts).
 */

export {
  type ApplicationShape,
  validateApplication,
} from "./application/application";
export {
  type ApplicationVersionContext,
  type ApplicationVersionShape,
  type PublishingProfileShape,
  validateApplicationVersion,
} from "./application/applicationVersion";
export {
  type DebOptions,
  type ExeOptions,
  type ManageActions,
  type MsiOptions,
  RecipeError,
  recipes,
  type TarGzOptions,
  type ZipOptions,
} from "./application/recipes";
export { type GalleryShape, validateGallery } from "./gallery/gallery";
export {
  type AssignedVersionFacts,
  type AssignmentOptions,
  type GalleryApplicationAssignment,
  validateApplicationAssignment,
} from "./rollout/applicationProfile";
export {
  planRollout,
  type RolloutBatch,
  type RolloutPlan,
  type RolloutPlanInput,
} from "./rollout/batches";
export type { MaxConcurrent } from "./rollout/concurrency";
export {
  advance,
  nextStep,
  type RollbackTarget,
  type RolloutEvent,
  type RolloutState,
  RolloutStateError,
  type RolloutStep,
  type RolloutSummary,
  rollbackSet,
  startRollout,
  type TargetResult,
} from "./rollout/execution";
export {
  planRollingUpgradePolicy,
  type RollingPolicyPlan,
  type RollingRolloutInput,
  type RollingUpgradePolicyShape,
  rollingUpgradePolicyProblems,
} from "./rollout/rollingPolicy";
export { type ScaleSetShape, scaleSetUpgradeProblems } from "./rollout/scaleSet";
export {
  AZURE_PUBLIC_REGIONS,
  AZURE_PUBLIC_REGIONS_CHECKED_ON,
  closestAzureRegion,
  isKnownAzureRegion,
  unknownRegionProblems,
} from "./shared/azureRegions";
export { blobLinkProblems } from "./shared/blobLink";
export {
  type CostEstimate,
  type CostInput,
  type CostPrices,
  DEFAULT_PRICES,
  estimateMonthlyCost,
  type RegionCost,
} from "./shared/cost";
export {
  CUSTOM_ACTION_PARAMETER_TYPES,
  OS_TYPES,
  REPLICATION_MODES,
  SCRIPT_BEHAVIORS_AFTER_REBOOT,
  STORAGE_ACCOUNT_TYPES,
} from "./shared/enums";
export {
  type CustomActionParameterShape,
  type CustomActionShape,
  fileNameProblems,
} from "./shared/fields";
export * as limits from "./shared/limits";
export {
  assertValid,
  formatProblems,
  hasErrors,
  type Problem,
  type ProblemSeverity,
  VmAppsError,
  VmAppsValidationError,
} from "./shared/problems";
export {
  type DuplicateRegionGroup,
  findDuplicateRegions,
  normalizeRegion,
  sameRegion,
} from "./shared/regions";
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
} from "./shared/replicas";
export {
  planReplication,
  type RegionPlan,
  type RegionRequest,
  type RegionRule,
  type ReplicationInput,
  type ReplicationPlan,
  type TargetRegion,
} from "./shared/replication";
export {
  type AzureReplicationStatus,
  REGION_REPLICATION_STATES,
  REPLICATION_EXIT_CODES,
  type RegionReplication,
  type RegionReplicationState,
  type ReplicationStatus,
  replicationStatusOf,
  VERSION_REPLICATION_STATES,
  type VersionReplicationState,
} from "./shared/status/replicationStatus";
export {
  planRepublish,
  REPUBLISH_STRATEGIES,
  type RepublishInput,
  type RepublishPlan,
  type RepublishStep,
  type RepublishStrategy,
  type TargetRegionEntry,
} from "./shared/status/republish";
export { type TargetRegionShape, targetRegionProblems } from "./shared/targetRegions";
export {
  compareVersions,
  formatVersion,
  isValidVersion,
  latestVersion,
  parseVersion,
  type VersionEntry,
  type VersionParts,
  versionNameProblems,
} from "./shared/versions";
