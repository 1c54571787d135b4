/**
 * Whole-file MD5 (for Content-MD5 and the gallery) and SHA-256 (identity, block ids) in one
 * wall-clock pass: SHA-256 runs in a worker thread while MD5 runs here, each reading the file
 * with one fixed buffer, so the pass costs about as long as the slower hash alone and memory
 * does not grow with file size.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";

export interface FileDigests {
  size: number;
  /** MD5 (base64) of each `blockSize` slice, when a block size was given. */
  blockMd5s?: string[];
  /** Base64, the form Azure returns in Content-MD5. */
  md5: string;
  /** Lowercase hex. */
  sha256: string;
}

const READ_BUFFER_BYTES = 4 * 1024 * 1024;

/** Plain JavaScript so it runs the same under ts-node, compiled output and the Pulumi host. */
const SHA256_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { openSync, readSync, closeSync } = require("node:fs");
const { path, bufferBytes, blockSize } = workerData;
const hash = createHash("sha256");
const blockMd5s = [];
let block = blockSize ? createHash("md5") : undefined;
let blockFill = 0;
const buffer = Buffer.allocUnsafe(bufferBytes);
const fd = openSync(path, "r");
try {
  let read;
  while ((read = readSync(fd, buffer, 0, buffer.length, null)) > 0) {
    hash.update(buffer.subarray(0, read));
    for (let at = 0; block && at < read; ) {
      const take = Math.min(blockSize - blockFill, read - at);
      block.update(buffer.subarray(at, at + take));
      at += take;
      blockFill += take;
      if (blockFill === blockSize) {
        blockMd5s.push(block.digest("base64"));
        block = createHash("md5");
        blockFill = 0;
      }
    }
  }
  if (block && blockFill > 0) blockMd5s.push(block.digest("base64"));
} finally {
  closeSync(fd);
}
parentPort.postMessage({ sha256: hash.digest("hex"), blockMd5s });
`;

/**
 * With `blockSize`, the worker also computes each block's MD5 (the Content-MD5 of Put Block),
 * so the upload itself does no hashing on its critical path.
 */
export async function hashFile(
  path: string,
  signal?: AbortSignal,
  blockSize?: number,
): Promise<FileDigests> {
  const worker = new Worker(SHA256_WORKER, {
    eval: true,
    workerData: { path, bufferBytes: READ_BUFFER_BYTES, blockSize },
  });
  const fromWorker = new Promise<{ sha256: string; blockMd5s: string[] }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`SHA-256 worker exited with code ${code}`)));
  });
  // Marked handled here; the md5 side may fail first and then this rejection is never awaited.
  fromWorker.catch(() => undefined);
  const onAbort = () => void worker.terminate();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const [md5, size] = await md5File(path, signal);
    const { sha256, blockMd5s } = await fromWorker;
    return blockSize ? { size, md5, sha256, blockMd5s } : { size, md5, sha256 };
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await worker.terminate();
  }
}

async function md5File(path: string, signal?: AbortSignal): Promise<[string, number]> {
  const hash = createHash("md5");
  const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES);
  const handle = await open(path, "r");
  let size = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return [hash.digest("base64"), size];
}
