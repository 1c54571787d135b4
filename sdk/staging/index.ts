// Moving bytes into a storage account: plans (pure), executor, archives, alignment, SAS.
export {
  alignmentGap,
  type DetectedFormat,
  detectFormat,
  type PadOptions,
  type PadResult,
  type PageBlobSource,
  type PageBlobSupport,
  padForPageBlob,
  pageBlobSupport,
} from "./align";
export {
  type ArchiveFormat,
  type ArchiveOptions,
  type ArchiveResult,
  archivePackage,
} from "./archive";
export type { ConnectionStringTarget, ContainerUrlTarget, StagingTarget } from "./client";
export { StagingError } from "./errors";
export { type FileDigests, hashFile } from "./hash";
export {
  type BlobType,
  type BlockPlan,
  DEFAULT_CONCURRENCY,
  defaultBlobName,
  MAX_PUT_PAGE_BYTES,
  maxBytesFor,
  type PlannedBlock,
  planBlocks,
  planPages,
  refuseSource,
  type StagedKind,
} from "./plan";
export { backoffDelay, isTransient, type RetryOptions, withRetry } from "./retry";
export { type CreateReadSasOptions, createReadSas, type ReadSas } from "./sas";
export {
  checkSasWindow,
  DEFAULT_SAS_RENEW_WITHIN_DAYS,
  DEFAULT_SAS_VALID_DAYS,
  SAS_SERVICE_VERSION,
  type SasKind,
  type SasSettingNames,
  type SasSettings,
  sasNeedsRenewal,
  sasSettingsProblems,
  sasWindowFrom,
} from "./sasPlan";
export {
  StagedBlob,
  type StagedBlobArgs,
  StagedBlobSecretError,
  stagedBlobProvider,
} from "./stagedBlob";
export {
  type StagePackageOptions,
  type StageProgress,
  type StageResult,
  stagePackage,
} from "./upload";
