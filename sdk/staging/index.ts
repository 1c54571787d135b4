// Moving bytes into a storage account: source rules and preparation (source/), name rules,
// the uploader (upload/), SAS rules and signing (sas/), and the StagedBlob resource.
export type { BlobType } from "../core/shared/replicas";
export type { ConnectionStringTarget, ContainerUrlTarget, StagingTarget } from "./client";
export { StagingError } from "./errors";
export {
  blobNameProblems,
  type ContainerNameOptions,
  containerNameProblems,
  defaultBlobName,
  MAX_BLOB_NAME_LENGTH,
  type NameProblemOptions,
} from "./names";
export { backoffDelay, isTransient, type RetryOptions, withRetry } from "./retry";
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
} from "./sas/rules";
export { type CreateReadSasOptions, createReadSas, type ReadSas, signReadSas } from "./sas/sign";
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
} from "./source/align";
export { type ArchiveOptions, type ArchiveResult, archivePackage } from "./source/archive";
export { type CheckedSource, checkLocalSource } from "./source/check";
export { inspectSource, type SourceFacts } from "./source/facts";
export {
  ARCHIVE_FORMATS,
  ArchiveFormat,
  archiveFormatProblems,
  defaultArchiveFormat,
  stagedFileName,
} from "./source/formats";
export { type FileDigests, hashFile } from "./source/hash";
export {
  digestSource,
  type PreparedSource,
  type PrepareOptions,
  prepareSource,
  type SourceDigest,
} from "./source/prepare";
export {
  maxBytesFor,
  refuseSource,
  type SourceRefusal,
  type StagedKind,
  sourceProblems,
} from "./source/rules";
export {
  StagedBlob,
  type StagedBlobArgs,
  StagedBlobSecretError,
  stagedBlobProvider,
} from "./stagedBlob";
export {
  type BlockPlan,
  DEFAULT_CONCURRENCY,
  MAX_PUT_PAGE_BYTES,
  type PlannedBlock,
  planBlocks,
  planPages,
} from "./upload/plan";
export {
  type StagePackageOptions,
  type StageProgress,
  type StageResult,
  stagePackage,
} from "./upload/stage";
