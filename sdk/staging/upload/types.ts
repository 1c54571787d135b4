/** What the uploader takes and reports: its public shapes. */
import type { BlobType } from "../../core/shared/replicas";
import type { StagingTarget } from "../client";
import type { RetryOptions } from "../retry";
import type { StagedKind } from "../source/rules";

export interface StageProgress {
  blobName: string;
  totalBytes: number;
  /** Bytes now in the blob, including blocks a previous interrupted run already staged. */
  doneBytes: number;
  /** Bytes this run actually sent. */
  uploadedBytes: number;
  partsDone: number;
  partCount: number;
}

export interface StagePackageOptions {
  /** Path of the file to stage (archive a folder first with archivePackage). */
  source: string;
  /**
   * File name in the default blob name `<sha256>/<fileName>`, when the file on disk is named
   * otherwise (a prepared archive or copy). @default the source's own name
   */
  fileName?: string;
  target: StagingTarget;
  /**
   * Block blob, or page blob when a region needs more than 3 replicas (size must be a multiple
   * of 512: see padForPageBlob).
   * @default "block"
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications
   */
  blobType?: BlobType;
  /**
   * Size limit to enforce: 2 GiB for a package, 1 GiB for a configuration file.
   * @default "package"
   * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#limitations
   */
  kind?: StagedKind;
  /**
   * Block size; grown automatically to stay within 50,000 blocks.
   * @default 8 MiB
   * @see https://learn.microsoft.com/rest/api/storageservices/put-block
   */
  blockSize?: number;
  /**
   * Bytes per Put Page call for page blobs, a multiple of 512 up to 4 MiB.
   * @default 4 MiB
   * @see https://learn.microsoft.com/rest/api/storageservices/put-page
   */
  pageWriteSize?: number;
  /** Blocks or pages in flight at once; memory is about concurrency × block size. @default 4 */
  concurrency?: number;
  /** Transient-failure policy. @default 6 attempts, 500 ms base, 30 s cap, 120 s per attempt */
  retry?: RetryOptions;
  /** Called after each block or page is stored. */
  onProgress?: (progress: StageProgress) => void;
  signal?: AbortSignal;
}

export interface StageResult {
  /** Blob URL without any query string. */
  url: string;
  blobName: string;
  size: number;
  /** Whole-content MD5, lowercase hex (what `md5sum` prints). */
  md5: string;
  sha256: string;
  blobType: BlobType;
  /** Blocks (or Put Page ranges) the content is made of. */
  blocks: number;
  blockSize: number;
  /** Bytes sent by this run: 0 when skipped, less than size after a resumed interruption. */
  uploadedBytes: number;
  /** True when a committed blob with the same name and SHA-256 already existed. */
  skipped: boolean;
}
