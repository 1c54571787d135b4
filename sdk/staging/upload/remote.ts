/**
 * What the storage service holds under a blob name: its properties, the blocks an interrupted
 * run left uncommitted, and the check that a commit stored exactly the source.
 */
import type { BlobClient, BlockBlobClient } from "@azure/storage-blob";
import type { BlobType } from "../../core/shared/replicas";
import { isBlobNotFound, StagingError } from "../errors";
import { type RetryOptions, withRetry } from "../retry";
import type { FileDigests } from "../source/hash";

/** Metadata key holding the staged content's SHA-256 (Azure lowercases metadata names). */
export const SHA256_METADATA_KEY = "sha256";
export const CONTENT_TYPE = "application/octet-stream";

export type Retry = RetryOptions & { signal?: AbortSignal };

export interface ExistingBlob {
  size: number;
  sha256?: string;
  md5?: string;
  blobType: BlobType | "other";
}

export async function existingBlob(
  blob: BlobClient,
  retry: Retry,
): Promise<ExistingBlob | undefined> {
  try {
    const properties = await withRetry((abortSignal) => blob.getProperties({ abortSignal }), retry);
    return {
      size: properties.contentLength ?? -1,
      sha256: properties.metadata?.[SHA256_METADATA_KEY],
      md5: properties.contentMD5 && Buffer.from(properties.contentMD5).toString("base64"),
      blobType:
        properties.blobType === "BlockBlob"
          ? "block"
          : properties.blobType === "PageBlob"
            ? "page"
            : "other",
    };
  } catch (error) {
    if (isBlobNotFound(error)) return undefined;
    throw error;
  }
}

export async function uncommittedBlocks(
  client: BlockBlobClient,
  retry: Retry,
): Promise<Map<string, number>> {
  try {
    const list = await withRetry(
      (abortSignal) => client.getBlockList("uncommitted", { abortSignal }),
      retry,
    );
    return new Map((list.uncommittedBlocks ?? []).map((block) => [block.name, block.size]));
  } catch (error) {
    if (isBlobNotFound(error)) return new Map();
    throw error;
  }
}

export async function verify(
  blob: BlobClient,
  blobName: string,
  retry: Retry,
  digests: FileDigests,
  blobType: BlobType,
): Promise<void> {
  const found = await existingBlob(blob, retry);
  const problems: string[] = [];
  if (!found) problems.push("the blob does not exist after commit");
  else {
    if (found.size !== digests.size) problems.push(`size ${found.size} ≠ ${digests.size}`);
    if (found.md5 !== digests.md5) problems.push(`Content-MD5 ${found.md5} ≠ ${digests.md5}`);
    if (found.sha256 !== digests.sha256) problems.push("sha256 metadata missing or different");
    if (found.blobType !== blobType) problems.push(`blob type ${found.blobType} ≠ ${blobType}`);
  }
  if (problems.length > 0) {
    throw new StagingError(
      "VERIFY_FAILED",
      `staged blob ${blobName} does not match the source: ${problems.join("; ")}`,
      "stage again; if it persists, check for another writer on the same blob name",
    );
  }
}
