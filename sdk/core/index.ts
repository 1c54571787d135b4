export * as limits from "./limits";
export {
  type DuplicateRegionGroup,
  findDuplicateRegions,
  normalizeRegion,
  sameRegion,
} from "./regions";
export {
  BLOB_TYPES,
  type BlobType,
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
  type ReplicationInput,
  type ReplicationPlan,
  type TargetRegion,
} from "./replication";
export {
  assertValid,
  formatProblems,
  hasErrors,
  type Problem,
  type ProblemSeverity,
  VmAppsValidationError,
} from "./validation/problems";
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
