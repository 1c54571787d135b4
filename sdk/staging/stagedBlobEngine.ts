/**
 * The StagedBlob engine as the provider loads it. Every serialized provider in Pulumi state
 * names this module by path (`<package>/dist/staging/stagedBlobEngine`), so it stays here,
 * answering the provider contract, while the code lives in ./stagedBlob/.
 */
export { check, create, read, remove, update } from "./stagedBlob/crud";
export {
  type BlobPresence,
  blobPresence,
  type DiffOutcome,
  diff,
  planDiff,
} from "./stagedBlob/drift";
export {
  type CheckFailure,
  type StagedBlobInputs,
  type StagedBlobOutputs,
  validateInputs,
} from "./stagedBlob/inputs";
