import { createHash } from "node:crypto";
import { closeSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { type DescribedSource, fallbackFileName } from "./answers";

const CHUNK = 1024 * 1024;

function hashFile(file: string, hashes: ReturnType<typeof createHash>[]): number {
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(CHUNK);
  let total = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      for (const hash of hashes) hash.update(buffer.subarray(0, read));
      total += read;
    }
  } finally {
    closeSync(fd);
  }
  return total;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? listFiles(path) : entry.isFile() ? [path] : [];
    });
}

/**
 * Size and hashes of a package source as the offline plan sees it, without archiving or
 * uploading: a file as it is; a folder as the sum of its files, hashed over names and contents.
 * A missing source is reported as size 0 so validation flags it as empty.
 */
export function describeOnDisk(source: string, archiveFormat: string | undefined): DescribedSource {
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  let size = 0;
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(source);
  } catch {
    stats = undefined;
  }
  if (stats?.isFile()) {
    size = hashFile(source, [sha256, md5]);
  } else if (stats?.isDirectory()) {
    for (const file of listFiles(source)) {
      const name = relative(source, file).split("\\").join("/");
      sha256.update(name);
      md5.update(name);
      size += hashFile(file, [sha256, md5]);
    }
  }
  return {
    fileName: fallbackFileName(source, stats?.isDirectory() ? (archiveFormat ?? "zip") : undefined),
    size,
    sha256: sha256.digest("hex"),
    md5: md5.digest("base64"),
  };
}
