/**
 * Page-blob alignment: a page blob's size is a multiple of 512 bytes, so a package staged as a
 * page blob may need padding. Padding must leave the package readable by the tools that unpack
 * it on the VM, so each format is padded in its own way:
 * - tar: already a sequence of 512-byte records; nothing to do.
 * - zip: the end-of-central-directory comment grows by the missing bytes (NUL bytes, which
 *   `unzip` neither prints nor warns about).
 * - gzip: one more, empty gzip member whose header extra field has the right length; gunzip
 *   concatenates members, and an empty one adds no bytes to the output.
 * - anything else: zero bytes appended only when the caller allows it explicitly.
 * https://learn.microsoft.com/rest/api/storageservices/understanding-block-blobs--append-blobs--and-page-blobs
 */
import { copyFile, open } from "node:fs/promises";
import { deflateRawSync } from "node:zlib";
import { PAGE_BLOB_ALIGNMENT } from "../../core/shared/limits";
import { StagingError } from "../errors";
import { ARCHIVE_FORMATS } from "./formats";

export type DetectedFormat = "zip" | "gzip" | "tar" | "unknown";

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_MIN_BYTES = 22;
const ZIP_COMMENT_MAX = 0xffff;
/** Gzip member without extra payload: header 10 + XLEN 2 + empty deflate 2 + trailer 8. */
const GZIP_EMPTY_MEMBER_BYTES = 22;
/** One extra-field subfield header: SI1, SI2, LEN (2). */
const GZIP_SUBFIELD_HEADER_BYTES = 4;
const TAR_MAGIC_OFFSET = 257;

/** Bytes missing to the next multiple of 512. */
export function alignmentGap(size: number): number {
  return (PAGE_BLOB_ALIGNMENT - (size % PAGE_BLOB_ALIGNMENT)) % PAGE_BLOB_ALIGNMENT;
}

/** Recognises a format from the first 512 bytes of a file. */
export function detectFormat(head: Buffer): DetectedFormat {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return "zip";
  if (head.length >= 4 && head.readUInt32LE(0) === EOCD_SIGNATURE) return "zip";
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + 5).toString("latin1") === "ustar") {
    return "tar";
  }
  return "unknown";
}

/**
 * How a source can become a page blob: "native" (already whole 512-byte pages: tar, or a file
 * whose size is known to be aligned), "padded" (zip or gzip, padded without breaking them), or
 * "needs-allowPadding" (any other format, e.g. .exe, .msi, .deb, .json: zero bytes are appended
 * only with `allowPadding: true`, since many installers reject trailing data).
 */
export type PageBlobSupport = "native" | "padded" | "needs-allowPadding";

/** What `pageBlobSupport("…")` takes for a format rather than a path: the formats and `tgz`. */
const ARCHIVE_FORMAT_NAMES: readonly string[] = [...ARCHIVE_FORMATS, "tgz"];

export interface PageBlobSource {
  /** File name or path; its extension names the format. */
  path?: string;
  /** Archive format a folder is packed in ("zip", "tar.gz", "tar"); wins over `path`. */
  archiveFormat?: string;
  /** File size in bytes, when known. */
  size?: number;
}

/**
 * Pure, by name: lets a caller refuse or ask for `allowPadding` before registering anything.
 * Staging still checks the content itself (magic bytes), so a misnamed file fails there.
 */
export function pageBlobSupport(source: PageBlobSource | string): PageBlobSupport {
  const { path, archiveFormat, size }: PageBlobSource =
    typeof source !== "string"
      ? source
      : ARCHIVE_FORMAT_NAMES.includes(source)
        ? { archiveFormat: source }
        : { path: source };
  const name = (archiveFormat ? `.${archiveFormat}` : (path ?? "")).toLowerCase();
  if (name.endsWith(".tar")) return "native";
  if (size !== undefined && alignmentGap(size) === 0) return "native";
  if (/\.(zip|gz|tgz)$/.test(name)) return "padded";
  return "needs-allowPadding";
}

/**
 * An empty gzip member of exactly `bytes` bytes (≥ 26), padded through its FEXTRA field with one
 * "VP" subfield. Mtime 0 and OS "unknown" keep it the same on every machine.
 */
export function emptyGzipMember(bytes: number): Buffer {
  const extraLength = bytes - GZIP_EMPTY_MEMBER_BYTES;
  if (
    !Number.isInteger(bytes) ||
    extraLength < GZIP_SUBFIELD_HEADER_BYTES ||
    extraLength > 0xffff
  ) {
    throw new RangeError(`an empty gzip member can be 26..65557 bytes; asked for ${bytes}`);
  }
  const FEXTRA = 0x04;
  const OS_UNKNOWN = 0xff;
  const header = Buffer.from([0x1f, 0x8b, 0x08, FEXTRA, 0, 0, 0, 0, 0, OS_UNKNOWN]);
  const extra = Buffer.alloc(2 + extraLength);
  extra.writeUInt16LE(extraLength, 0);
  extra.write("VP", 2, "latin1");
  extra.writeUInt16LE(extraLength - GZIP_SUBFIELD_HEADER_BYTES, 4);
  // CRC-32 and length of zero bytes of output are both 0.
  const trailer = Buffer.alloc(8);
  return Buffer.concat([header, extra, deflateRawSync(Buffer.alloc(0)), trailer]);
}

/** Size of the gzip member to append: the gap, or the gap plus one page when it is too small. */
export function gzipPaddingBytes(size: number): number {
  const gap = alignmentGap(size);
  if (gap === 0) return 0;
  return gap >= GZIP_EMPTY_MEMBER_BYTES + GZIP_SUBFIELD_HEADER_BYTES
    ? gap
    : gap + PAGE_BLOB_ALIGNMENT;
}

export interface PadOptions {
  /**
   * Pad a file of unrecognised format with zero bytes. Only safe for formats that ignore
   * trailing data (many installers do not).
   * @default false
   */
  allowPadding?: boolean;
  /** Write the padded copy here and leave the source untouched. @default pad in place */
  outFile?: string;
}

export interface PadResult {
  path: string;
  format: DetectedFormat;
  originalSize: number;
  size: number;
  paddedBytes: number;
}

/** Makes a package's size a multiple of 512 bytes without breaking it (see the file comment). */
export async function padForPageBlob(path: string, options: PadOptions = {}): Promise<PadResult> {
  const target = options.outFile ?? path;
  if (options.outFile) await copyFile(path, options.outFile);
  const handle = await open(target, "r+");
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(Math.min(size, 512));
    await handle.read(head, 0, head.length, 0);
    const format = detectFormat(head);
    const done = (paddedBytes: number): PadResult => ({
      path: target,
      format,
      originalSize: size,
      size: size + paddedBytes,
      paddedBytes,
    });
    const gap = alignmentGap(size);
    if (gap === 0) return done(0);
    switch (format) {
      case "tar":
        throw new StagingError(
          "TAR_NOT_ALIGNED",
          `${path} looks like tar but is ${size} bytes, not whole 512-byte records (truncated?)`,
          "rebuild the archive; a complete tar file is always 512-byte aligned",
        );
      case "zip":
        await padZip(handle, size, gap, path);
        return done(gap);
      case "gzip": {
        const member = emptyGzipMember(gzipPaddingBytes(size));
        await handle.write(member, 0, member.length, size);
        return done(member.length);
      }
      default:
        if (!options.allowPadding) {
          throw new StagingError(
            "UNKNOWN_FORMAT_NOT_ALIGNED",
            `${path} is ${size} bytes (not a multiple of 512) and is not zip, gzip or tar, so appending bytes might break it`,
            "stage it as a block blob, repackage it as zip or tar.gz, or pass allowPadding: true if its installer ignores trailing zero bytes",
          );
        }
        await handle.write(Buffer.alloc(gap), 0, gap, size);
        return done(gap);
    }
  } finally {
    await handle.close();
  }
}

async function padZip(
  handle: Awaited<ReturnType<typeof open>>,
  size: number,
  gap: number,
  path: string,
): Promise<void> {
  const tailLength = Math.min(size, EOCD_MIN_BYTES + ZIP_COMMENT_MAX);
  const tail = Buffer.alloc(tailLength);
  await handle.read(tail, 0, tailLength, size - tailLength);
  // The real EOCD is the last signature whose comment length reaches exactly to the file end.
  for (let at = tailLength - EOCD_MIN_BYTES; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== EOCD_SIGNATURE) continue;
    const commentLength = tail.readUInt16LE(at + 20);
    if (at + EOCD_MIN_BYTES + commentLength !== tailLength) continue;
    const grown = commentLength + gap;
    if (grown > ZIP_COMMENT_MAX) {
      throw new StagingError(
        "ZIP_COMMENT_FULL",
        `${path} already has a ${commentLength}-byte comment; ${gap} more would exceed 65535`,
        "remove the archive comment (zip -z) and pad again",
      );
    }
    const length = Buffer.alloc(2);
    length.writeUInt16LE(grown, 0);
    await handle.write(Buffer.alloc(gap), 0, gap, size);
    await handle.write(length, 0, 2, size - tailLength + at + 20);
    return;
  }
  throw new StagingError(
    "ZIP_WITHOUT_EOCD",
    `${path} starts like a zip but has no end-of-central-directory record`,
    "rebuild the archive; it is truncated or not a zip",
  );
}
