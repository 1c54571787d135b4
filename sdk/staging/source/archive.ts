/**
 * Deterministic archives of a folder: the same folder content gives the same bytes on any
 * machine and at any time, so the same SHA-256, the same content-addressed blob name, and no
 * re-upload. Entries are sorted, timestamps and owners fixed, modes reduced to 0644 / 0755
 * (the executable bit is kept: install scripts need it). Zip via yazl, tar via tar-stream.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { lstat, mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import * as tar from "tar-stream";
import { ZipFile } from "yazl";
import { StagingError } from "../errors";
import { padForPageBlob } from "./align";
import { type FolderEntry, type FolderListing, inspectSource } from "./facts";
import type { ArchiveFormat } from "./formats";
import { sourceRefusals } from "./rules";

export type { ArchiveFormat } from "./formats";

export interface ArchiveOptions {
  /** @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#package */
  format: ArchiveFormat;
  /**
   * Where to write the archive. @default `<folder name>.<format>` in a new temp folder, which the
   * caller removes when done with the archive: `rm(dirname(result.path), { recursive: true })`
   */
  outFile?: string;
  /** Pad to a multiple of 512 bytes so it can be staged as a page blob. @default false */
  pageBlob?: boolean;
  /** Stops archiving (Ctrl-C): the promise rejects and the partial archive is left to the caller. */
  signal?: AbortSignal;
}

export interface ArchiveResult {
  path: string;
  format: ArchiveFormat;
  size: number;
  /** Files and folders stored, in archive order. */
  entries: string[];
  paddedBytes: number;
}

/** yazl writes DOS local time; building the date from local parts makes it zone-independent. */
const ZIP_MTIME = new Date(2000, 0, 1, 0, 0, 0);
const TAR_MTIME = new Date(0);
const FILE_MODE = 0o644;
const EXECUTABLE_MODE = 0o755;
/** Zip stores the whole st_mode; without the type bits `zipinfo` shows "?rw-r--r--". */
const ZIP_FILE_TYPE = 0o100000;
const ZIP_DIRECTORY_TYPE = 0o040000;
const GZIP_OS_BYTE_OFFSET = 9;
const GZIP_OS_UNKNOWN = 0xff;

/**
 * A link AS the folder (`build/current` → a release) is followed: it names one folder, as the
 * caller means it. Links INSIDE the folder are refused, as is a folder without files (the
 * source rules, rules.ts).
 */
export async function archivePackage(dir: string, options: ArchiveOptions): Promise<ArchiveResult> {
  const facts = inspectSource(dir);
  if (facts.type !== "folder") {
    throw new StagingError(
      "ARCHIVE_SOURCE_NOT_A_FOLDER",
      `${dir} is not a folder`,
      "pass the folder to archive",
    );
  }
  const [refusal] = sourceRefusals(facts, "package");
  if (refusal) throw StagingError.of(refusal);
  if (options.outFile !== undefined) {
    return archiveListing(facts.listing, { ...options, outFile: options.outFile });
  }
  const ownFolder = await mkdtemp(join(tmpdir(), "vmapps-archive-"));
  try {
    return await archiveListing(facts.listing, {
      ...options,
      outFile: join(ownFolder, `${basename(resolve(dir))}.${options.format}`),
    });
  } catch (error) {
    // The caller never learns the path of a temp folder made for an archive that failed.
    await rm(ownFolder, { recursive: true, force: true });
    throw error;
  }
}

/** Writes an already listed (and checked) folder: the walk is done once per preparation. */
export async function archiveListing(
  listing: FolderListing,
  options: ArchiveOptions & { outFile: string },
): Promise<ArchiveResult> {
  const { entries } = listing;
  const { outFile } = options;
  if (options.format === "zip") await writeZip(entries, outFile, options.signal);
  else await writeTar(entries, outFile, options.format === "tar.gz", options.signal);

  const padded = options.pageBlob ? await padForPageBlob(outFile) : undefined;
  const size = padded?.size ?? (await lstat(outFile)).size;
  return {
    path: outFile,
    format: options.format,
    size,
    entries: entries.map((entry) => entry.name),
    paddedBytes: padded?.paddedBytes ?? 0,
  };
}

function modeOf(entry: FolderEntry): number {
  return entry.executable ? EXECUTABLE_MODE : FILE_MODE;
}

async function writeZip(
  entries: FolderEntry[],
  outFile: string,
  signal?: AbortSignal,
): Promise<void> {
  const zip = new ZipFile();
  const written = pipeline(zip.outputStream, createWriteStream(outFile), { signal });
  written.catch(() => undefined); // observed below; guards against an early, unawaited failure
  // yazl reports a file it cannot read (gone, changed size mid-archive) on the ZipFile itself;
  // unheard, that error would crash the process. Ending the output fails `written` with it.
  zip.once("error", (error: Error) => (zip.outputStream as Readable).destroy(error));
  for (const entry of entries) {
    if (entry.kind === "directory") {
      zip.addEmptyDirectory(entry.name, {
        mtime: ZIP_MTIME,
        mode: ZIP_DIRECTORY_TYPE | modeOf(entry),
        forceDosTimestamp: true,
      });
    } else {
      zip.addFile(entry.absolute, entry.name, {
        mtime: ZIP_MTIME,
        mode: ZIP_FILE_TYPE | modeOf(entry),
        compress: true,
        forceDosTimestamp: true,
      });
    }
  }
  zip.end();
  await written;
}

async function writeTar(
  entries: FolderEntry[],
  outFile: string,
  gzip: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const pack = tar.pack();
  const written = gzip
    ? pipeline(pack, createGzip({ level: 9 }), createWriteStream(outFile), { signal })
    : pipeline(pack, createWriteStream(outFile), { signal });
  written.catch(() => undefined); // observed below; guards against an early, unawaited failure
  for (const entry of entries) {
    signal?.throwIfAborted();
    const header: Parameters<tar.Pack["entry"]>[0] = {
      name: entry.name,
      mode: modeOf(entry),
      mtime: TAR_MTIME,
      uid: 0,
      gid: 0,
      uname: "",
      gname: "",
      type: entry.kind,
      size: entry.size,
    };
    if (entry.kind === "directory") {
      await new Promise<void>((done, fail) =>
        pack.entry(header, (error) => (error ? fail(error) : done())),
      );
    } else {
      await pipeline(createReadStream(entry.absolute), pack.entry(header), { signal });
    }
  }
  pack.finalize();
  await written;
  if (gzip) {
    // zlib stamps the building OS into the header; "unknown" keeps the bytes platform-neutral.
    const handle = await open(outFile, "r+");
    try {
      await handle.write(Buffer.from([GZIP_OS_UNKNOWN]), 0, 1, GZIP_OS_BYTE_OFFSET);
    } finally {
      await handle.close();
    }
  }
}
