/**
 * Sending the bytes: blocks (resumable: those an interrupted run stored are skipped) or pages,
 * with `concurrency` workers and one reused buffer each, then the commit with the whole MD5 and
 * the SHA-256 metadata the idempotence check reads.
 */
import { createHash } from "node:crypto";
import { type FileHandle, open, stat } from "node:fs/promises";
import type { BlockBlobClient, ContainerClient, PageBlobClient } from "@azure/storage-blob";
import { StagingError } from "../errors";
import { withRetry } from "../retry";
import type { FileIdentity, HashingRun } from "../source/hash";
import { planBlocks, planPages } from "./plan";
import { CONTENT_TYPE, type Retry, SHA256_METADATA_KEY, uncommittedBlocks } from "./remote";
import type { StagePackageOptions } from "./types";

export interface UploadContext {
  options: StagePackageOptions;
  identity: FileIdentity;
  hashing: HashingRun;
  blobName: string;
  retry: Retry;
  concurrency: number;
  container: ContainerClient;
}

export interface SentSummary {
  parts: number;
  partSize: number;
  uploadedBytes: number;
}

interface Part {
  offset: number;
  length: number;
}

export async function uploadBlocks(
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

export async function uploadPages(
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

function sum(parts: Part[]): number {
  return parts.reduce((total, part) => total + part.length, 0);
}
