/**
 * The staging executor: refuse early, hash, skip what is already there, send the rest with
 * bounded buffers and concurrency, commit in index order, verify.
 */
import { createHash } from "node:crypto";
import { type FileHandle, open, stat } from "node:fs/promises";
import { basename } from "node:path";
import type {
  BlobClient,
  BlockBlobClient,
  ContainerClient,
  PageBlobClient,
} from "@azure/storage-blob";
import { containerClientFor, type StagingTarget } from "./client";
import { isBlobNotFound, StagingError } from "./errors";
import { type FileDigests, type FileIdentity, type HashingRun, startHashing } from "./hash";
import {
  type BlobType,
  DEFAULT_CONCURRENCY,
  defaultBlobName,
  planBlocks,
  planPages,
  refuseSource,
  type StagedKind,
} from "./plan";
import { type RetryOptions, withRetry } from "./retry";

/** Metadata key holding the staged content's SHA-256 (Azure lowercases metadata names). */
export const SHA256_METADATA_KEY = "sha256";
const CONTENT_TYPE = "application/octet-stream";
const MAX_CONCURRENCY = 64;

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
  if (refusal) throw new StagingError(refusal.code, refusal.message, refusal.fix);
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
    options.target.blobName ?? defaultBlobName(identity.sha256, basename(options.source));
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
  await verify(blob, context, digests, blobType);
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

interface UploadContext {
  options: StagePackageOptions;
  identity: FileIdentity;
  hashing: HashingRun;
  blobName: string;
  retry: RetryOptions & { signal?: AbortSignal };
  concurrency: number;
  container: ContainerClient;
}

interface SentSummary {
  parts: number;
  partSize: number;
  uploadedBytes: number;
}

interface Part {
  offset: number;
  length: number;
}

async function uploadBlocks(
  context: UploadContext,
  client: BlockBlobClient,
  mtimeMs: number,
): Promise<SentSummary> {
  const { identity, hashing, options, retry } = context;
  const plan = planBlocks({
    size: identity.size,
    sha256: identity.sha256,
    blockSize: options.blockSize,
  });
  const staged = await uncommittedBlocks(client, retry);
  const missing = plan.blocks.filter((block) => staged.get(block.id) !== block.length);
  const resumedBytes = identity.size - sum(missing);
  const uploadedBytes = await sendParts(
    context,
    missing,
    plan.blockSize,
    plan.blocks.length,
    resumedBytes,
    (block, body, abortSignal) =>
      // From the hashing pass: a file changed since then fails Azure's MD5 check.
      hashing
        .blockMd5(block.index)
        .then((transactionalContentMD5) =>
          client.stageBlock(block.id, body, block.length, { transactionalContentMD5, abortSignal }),
        ),
  );
  await assertUnchanged(options.source, identity.size, mtimeMs);
  const md5 = await hashing.md5;
  await withRetry(
    (abortSignal) =>
      client.commitBlockList(
        plan.blocks.map((block) => block.id),
        {
          abortSignal,
          blobHTTPHeaders: {
            blobContentMD5: Buffer.from(md5, "base64"),
            blobContentType: CONTENT_TYPE,
          },
          metadata: { [SHA256_METADATA_KEY]: identity.sha256 },
        },
      ),
    retry,
  );
  return { parts: plan.blocks.length, partSize: plan.blockSize, uploadedBytes };
}

async function uploadPages(
  context: UploadContext,
  client: PageBlobClient,
  mtimeMs: number,
): Promise<SentSummary> {
  const { identity, hashing, options, retry } = context;
  const pages = planPages(identity.size, options.pageWriteSize);
  const partSize = pages[0]?.length ?? 0;
  // The hash goes in only after every page is written, so an interrupted page upload is never
  // mistaken for a complete one by the idempotence check.
  await withRetry((abortSignal) => client.create(identity.size, { abortSignal }), retry);
  const uploadedBytes = await sendParts(
    context,
    pages,
    partSize,
    pages.length,
    0,
    (page, body, abortSignal) =>
      client.uploadPages(body, page.offset, page.length, {
        transactionalContentMD5: md5Of(body),
        abortSignal,
      }),
  );
  await assertUnchanged(options.source, identity.size, mtimeMs);
  const md5 = await hashing.md5;
  await withRetry(
    (abortSignal) =>
      client.setHTTPHeaders(
        { blobContentMD5: Buffer.from(md5, "base64"), blobContentType: CONTENT_TYPE },
        { abortSignal },
      ),
    retry,
  );
  await withRetry(
    (abortSignal) =>
      client.setMetadata({ [SHA256_METADATA_KEY]: identity.sha256 }, { abortSignal }),
    retry,
  );
  return { parts: pages.length, partSize, uploadedBytes };
}

/**
 * Sends parts with `concurrency` workers, each owning one reusable buffer: peak memory is
 * concurrency × part size whatever the file size. Progress fires after each stored part.
 */
async function sendParts<P extends Part>(
  context: UploadContext,
  parts: P[],
  partSize: number,
  partCount: number,
  alreadyDoneBytes: number,
  send: (part: P, body: Buffer, abortSignal: AbortSignal) => Promise<unknown>,
): Promise<number> {
  const { options, identity, retry } = context;
  let next = 0;
  let uploadedBytes = 0;
  let partsDone = partCount - parts.length;
  let failed = false;
  const handle = await open(options.source, "r");
  const worker = async (): Promise<void> => {
    const buffer = Buffer.allocUnsafe(Math.min(partSize, identity.size));
    for (;;) {
      options.signal?.throwIfAborted();
      const part = parts[next++];
      if (!part || failed) return;
      const body = buffer.subarray(0, part.length);
      await readFully(handle, body, part.offset);
      try {
        await withRetry((abortSignal) => send(part, body, abortSignal), retry);
      } catch (error) {
        failed = true;
        throw error;
      }
      uploadedBytes += part.length;
      partsDone++;
      options.onProgress?.({
        blobName: context.blobName,
        totalBytes: identity.size,
        doneBytes: alreadyDoneBytes + uploadedBytes,
        uploadedBytes,
        partsDone,
        partCount,
      });
    }
  };
  try {
    const workers = Array.from({ length: Math.min(context.concurrency, parts.length) }, worker);
    // allSettled first so no worker still reads from the handle when it closes.
    const outcomes = await Promise.allSettled(workers);
    const failure = outcomes.find((outcome) => outcome.status === "rejected");
    if (failure) throw (failure as PromiseRejectedResult).reason;
  } finally {
    await handle.close();
  }
  return uploadedBytes;
}

function md5Of(body: Buffer): Buffer {
  return createHash("md5").update(body).digest();
}

async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<void> {
  let filled = 0;
  while (filled < into.length) {
    const { bytesRead } = await handle.read(into, filled, into.length - filled, position + filled);
    if (bytesRead === 0) {
      throw new StagingError(
        "SOURCE_CHANGED",
        "source file shrank during upload",
        "do not modify the file while it is staged",
      );
    }
    filled += bytesRead;
  }
}

async function assertUnchanged(path: string, size: number, mtimeMs: number): Promise<void> {
  const now = await stat(path);
  if (now.size !== size || now.mtimeMs !== mtimeMs) {
    throw new StagingError(
      "SOURCE_CHANGED",
      `source ${path} changed while it was staged`,
      "do not modify the file while it is staged, then stage it again",
    );
  }
}

interface ExistingBlob {
  size: number;
  sha256?: string;
  md5?: string;
  blobType: BlobType | "other";
}

async function existingBlob(
  blob: BlobClient,
  retry: RetryOptions & { signal?: AbortSignal },
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

async function uncommittedBlocks(
  client: BlockBlobClient,
  retry: RetryOptions & { signal?: AbortSignal },
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

async function verify(
  blob: BlobClient,
  context: UploadContext,
  digests: FileDigests,
  blobType: BlobType,
): Promise<void> {
  const found = await existingBlob(blob, context.retry);
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
      `staged blob ${context.blobName} does not match the source: ${problems.join("; ")}`,
      "stage again; if it persists, check for another writer on the same blob name",
    );
  }
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

function sum(parts: Part[]): number {
  return parts.reduce((total, part) => total + part.length, 0);
}

async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
