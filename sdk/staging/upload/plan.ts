/**
 * Pure upload plans: block layout, block ids, page ranges. No I/O and no @azure/* or @pulumi/*
 * imports, so every rule here is unit-tested on its own.
 */
import { createHash } from "node:crypto";
import {
  BYTES,
  DEFAULT_BLOCK_SIZE,
  MAX_BLOCK_SIZE,
  MAX_BLOCKS_PER_BLOB,
  PAGE_BLOB_ALIGNMENT,
} from "../../core/shared/limits";

/**
 * Largest range one Put Page call accepts (4 MiB).
 * https://learn.microsoft.com/rest/api/storageservices/put-page#request-headers
 */
export const MAX_PUT_PAGE_BYTES = 4 * BYTES.MiB;

/** Default number of blocks or pages in flight at once. */
export const DEFAULT_CONCURRENCY = 4;

export interface BlockPlanInput {
  /** File size in bytes (> 0). */
  size: number;
  /** SHA-256 of the whole file, hex. Block ids derive from it so a rerun finds its own blocks. */
  sha256: string;
  /** Requested block size; grown when the file would need more than 50,000 blocks. @default 8 MiB */
  blockSize?: number;
}

export interface PlannedBlock {
  index: number;
  offset: number;
  length: number;
  /** Base64 block id; every id of one plan has the same length, as Put Block List requires. */
  id: string;
}

export interface BlockPlan {
  blockSize: number;
  blocks: PlannedBlock[];
  /** Set when the requested block size was grown to respect the 50,000-block limit. */
  grownFrom?: number;
}

/**
 * Splits a file into blocks. Ids encode the content hash, the block size and the index, so a
 * rerun with the same file and block size recognises blocks an interrupted run already staged,
 * and a different file or block size never reuses them.
 */
export function planBlocks(input: BlockPlanInput): BlockPlan {
  const requested = input.blockSize ?? DEFAULT_BLOCK_SIZE;
  assertPositiveInteger(input.size, "size");
  assertPositiveInteger(requested, "blockSize");
  if (requested > MAX_BLOCK_SIZE) {
    throw new RangeError(`blockSize ${requested} exceeds the Put Block maximum ${MAX_BLOCK_SIZE}`);
  }
  if (!/^[0-9a-f]{64}$/.test(input.sha256)) {
    throw new TypeError("sha256 must be 64 lowercase hex characters");
  }
  let blockSize = requested;
  if (Math.ceil(input.size / blockSize) > MAX_BLOCKS_PER_BLOB) {
    // Round up to whole MiB so the grown size stays a readable, buffer-friendly number.
    const minimum = Math.ceil(input.size / MAX_BLOCKS_PER_BLOB);
    blockSize = Math.ceil(minimum / BYTES.MiB) * BYTES.MiB;
  }
  const prefix = blockIdPrefix(input.sha256, blockSize);
  const count = Math.ceil(input.size / blockSize);
  const blocks: PlannedBlock[] = [];
  for (let index = 0; index < count; index++) {
    const offset = index * blockSize;
    blocks.push({
      index,
      offset,
      length: Math.min(blockSize, input.size - offset),
      id: blockId(prefix, index),
    });
  }
  return blockSize === requested
    ? { blockSize, blocks }
    : { blockSize, blocks, grownFrom: requested };
}

/** Digits needed for the largest index (49,999), fixed so all ids have one length. */
const BLOCK_INDEX_DIGITS = String(MAX_BLOCKS_PER_BLOB - 1).length;

function blockIdPrefix(sha256: string, blockSize: number): string {
  return createHash("sha256").update(`${sha256}/${blockSize}`).digest("hex").slice(0, 32);
}

function blockId(prefix: string, index: number): string {
  const raw = `${prefix}-${String(index).padStart(BLOCK_INDEX_DIGITS, "0")}`;
  return Buffer.from(raw, "ascii").toString("base64");
}

export interface PageRange {
  offset: number;
  length: number;
}

/** Splits an aligned file into Put Page ranges of at most `pageWriteSize` (≤ 4 MiB, multiple of 512). */
export function planPages(size: number, pageWriteSize = MAX_PUT_PAGE_BYTES): PageRange[] {
  assertPositiveInteger(size, "size");
  if (size % PAGE_BLOB_ALIGNMENT !== 0) {
    throw new RangeError(
      `a page blob size must be a multiple of ${PAGE_BLOB_ALIGNMENT}; got ${size}`,
    );
  }
  if (
    !Number.isInteger(pageWriteSize) ||
    pageWriteSize <= 0 ||
    pageWriteSize % PAGE_BLOB_ALIGNMENT !== 0 ||
    pageWriteSize > MAX_PUT_PAGE_BYTES
  ) {
    throw new RangeError(
      `pageWriteSize must be a multiple of ${PAGE_BLOB_ALIGNMENT} up to ${MAX_PUT_PAGE_BYTES}; got ${pageWriteSize}`,
    );
  }
  const ranges: PageRange[] = [];
  for (let offset = 0; offset < size; offset += pageWriteSize) {
    ranges.push({ offset, length: Math.min(pageWriteSize, size - offset) });
  }
  return ranges;
}

function assertPositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive integer; got ${value}`);
  }
}
