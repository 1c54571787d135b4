// The StagedBlob resource; its engine is loaded through ../stagedBlobEngine at deployment time.
export {
  requireSecretInput,
  STAGED_BLOB_SECRET_OUTPUTS,
  StagedBlob,
  type StagedBlobArgs,
  StagedBlobSecretError,
  stagedBlobProvider,
} from "./resource";
