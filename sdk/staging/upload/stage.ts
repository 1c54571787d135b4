/**
 * The staging executor: refuse early, hash, skip what is already there, send the rest with
 * bounded buffers and concurrency, commit in index order, verify.
 */
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import type { BlobType } from "../../core/shared/replicas";
import { containerClientFor } from "../client";
import { StagingError } from "../errors";
import { defaultBlobName } from "../names";
import { withRetry } from "../retry";
import { type FileDigests, type FileIdentity, type HashingRun, startHashing } from "../source/hash";
import { refuseSource } from "../source/rules";
import { DEFAULT_CONCURRENCY, planBlocks, planPages } from "./plan";
import { existingBlob, verify } from "./remote";
import { type UploadContext, uploadBlocks, uploadPages } from "./send";
import type { StagePackageOptions, StageResult } from "./types";

export { SHA256_METADATA_KEY } from "./remote";
export type { StagePackageOptions, StageProgress, StageResult } from "./types";

const MAX_CONCURRENCY = 64;

export async function stagePackage(options: StagePackageOptions): Promise<StageResult> {
  const blobType = options.blobType ?? "block";
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new RangeError(
      `concurrency must be an integer 1..${MAX_CONCURRENCY}; got ${concurrency}`,
    );
  }
  const before = await statOrUndefined(options.source);
  const refusal = refuseSource({
    path: options.source,
    stat: before && { isFile: before.isFile(), size: before.size },
    kind: options.kind ?? "package",
    blobType,
  });
  if (refusal) throw StagingError.of(refusal);
  // Validates sizes before any network call; the real plan needs the hash, the size does not.
  const blockSize =
    blobType === "block"
      ? planBlocks({
          size: before?.size ?? 1,
          sha256: "0".repeat(64),
          blockSize: options.blockSize,
        }).blockSize
      : undefined;
  if (blobType === "page") planPages(before?.size ?? 512, options.pageWriteSize);

  // Nothing is sent before SHA-256 is known (name, skip check, block ids); the MD5s keep being
  // computed on their own thread while blocks go out.
  const hashing = startHashing(options.source, { signal: options.signal, blockSize });
  try {
    return await stageHashed(options, blobType, concurrency, hashing, before?.mtimeMs ?? 0);
  } finally {
    await hashing.close();
  }
}

async function stageHashed(
  options: StagePackageOptions,
  blobType: BlobType,
  concurrency: number,
  hashing: HashingRun,
  mtimeMs: number,
): Promise<StageResult> {
  const identity = await hashing.identity;
  const blobName =
    options.target.blobName ??
    defaultBlobName(identity.sha256, options.fileName ?? basename(options.source));
  const container = containerClientFor(options.target);
  const retry = { ...options.retry, signal: options.signal };
  if (options.target.createContainer) {
    await withRetry((abortSignal) => container.createIfNotExists({ abortSignal }), retry);
  }
  const blob = container.getBlobClient(blobName);
  const context: UploadContext = {
    options,
    identity,
    hashing,
    blobName,
    retry,
    concurrency,
    container,
  };

  const existing = await existingBlob(blob, retry);
  if (
    existing?.sha256 === identity.sha256 &&
    existing.size === identity.size &&
    existing.blobType === blobType
  ) {
    const layout = partLayout(blobType, identity, options);
    const digests = { ...identity, md5: await hashing.md5 };
    return result(context, digests, blobType, layout.parts, layout.partSize, 0, true);
  }
  if (existing && existing.blobType !== blobType) {
    // A blob's type is fixed at creation: replacing it means deleting the old one first.
    await withRetry((abortSignal) => blob.delete({ abortSignal }), retry);
  }

  const sent =
    blobType === "block"
      ? await uploadBlocks(context, blob.getBlockBlobClient(), mtimeMs)
      : await uploadPages(context, blob.getPageBlobClient(), mtimeMs);
  const digests = { ...identity, md5: await hashing.md5 };
  await verify(blob, blobName, retry, digests, blobType);
  return result(context, digests, blobType, sent.parts, sent.partSize, sent.uploadedBytes, false);
}

function partLayout(blobType: BlobType, identity: FileIdentity, options: StagePackageOptions) {
  if (blobType === "block") {
    const plan = planBlocks({
      size: identity.size,
      sha256: identity.sha256,
      blockSize: options.blockSize,
    });
    return { parts: plan.blocks.length, partSize: plan.blockSize };
  }
  const pages = planPages(identity.size, options.pageWriteSize);
  return { parts: pages.length, partSize: pages[0]?.length ?? 0 };
}

function result(
  context: UploadContext,
  digests: FileDigests,
  blobType: BlobType,
  blocks: number,
  blockSize: number,
  uploadedBytes: number,
  skipped: boolean,
): StageResult {
  const url = context.container.getBlobClient(context.blobName).url;
  return {
    url: url.split("?")[0] ?? url,
    blobName: context.blobName,
    size: digests.size,
    md5: Buffer.from(digests.md5, "base64").toString("hex"),
    sha256: digests.sha256,
    blobType,
    blocks,
    blockSize,
    uploadedBytes,
    skipped,
  };
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
