import { createHash } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PAGE_BLOB_ALIGNMENT } from "../../core/limits";
import { type ArchiveFormat, archivePackage } from "../../staging/archive";

export interface DescribedSource {
  fileName: string;
  size: number;
  sha256: string;
  /** Lowercase hex, as StagedBlob reports it. */
  md5: string;
}

const CHUNK = 1024 * 1024;

function hashFile(file: string): Omit<DescribedSource, "fileName"> {
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(CHUNK);
  let size = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      sha256.update(buffer.subarray(0, read));
      md5.update(buffer.subarray(0, read));
      size += read;
    }
  } finally {
    closeSync(fd);
  }
  return { size, sha256: sha256.digest("hex"), md5: md5.digest("hex") };
}

/**
 * What staging would report for a source, computed locally: a folder is archived exactly as
 * the staging engine archives it (deterministic, so the same hash and blob name), in a temp
 * folder removed afterwards. Nothing is uploaded. A missing source describes as empty, so
 * validation reports it.
 */
export async function describeSource(
  source: string,
  archiveFormat: string | undefined,
  blobType: string | undefined,
): Promise<DescribedSource> {
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(source);
  } catch {
    stats = undefined;
  }
  const empty = createHash("sha256").digest("hex");
  if (stats?.isDirectory()) {
    const format = (archiveFormat ?? "zip") as ArchiveFormat;
    const work = mkdtempSync(join(tmpdir(), "vmapps-plan-"));
    try {
      const fileName = `${basename(source)}.${format}`;
      const archive = await archivePackage(source, {
        format,
        outFile: join(work, fileName),
        pageBlob: blobType === "page",
      });
      return { fileName, ...hashFile(archive.path) };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  if (stats?.isFile()) {
    const described = { fileName: basename(source), ...hashFile(source) };
    // Staging pads a page blob to whole pages; the size is what the gallery will be billed for.
    if (blobType === "page") {
      described.size = Math.ceil(described.size / PAGE_BLOB_ALIGNMENT) * PAGE_BLOB_ALIGNMENT;
    }
    return described;
  }
  return { fileName: basename(source), size: 0, sha256: empty, md5: "" };
}
