/**
 * The exact bytes to stage, made once for every caller (the StagedBlob engine, `vmapps stage`,
 * the offline plan): the file itself, a deterministic archive of a folder, or a padded copy for
 * a page blob. The same source and options always give the same bytes, so the same hash and
 * content-addressed blob name.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { PAGE_BLOB_ALIGNMENT } from "../../core/shared/limits";
import type { BlobType } from "../../core/shared/replicas";
import { StagingError } from "../errors";
import { padForPageBlob } from "./align";
import { type ArchiveResult, archiveListing } from "./archive";
import { inspectSource, type SourceFacts } from "./facts";
import {
  type ArchiveFormat,
  folderFormatProblems,
  isArchiveFormat,
  stagedFileName,
} from "./formats";
import { hashFile } from "./hash";
import { type StagedKind, sourceRefusals } from "./rules";

export interface PrepareOptions {
  /** Required for a folder. */
  archiveFormat?: ArchiveFormat;
  /** Size limit to hold the prepared bytes to. @default "package" */
  kind?: StagedKind;
  /** A page blob's bytes are padded to whole 512-byte pages. @default "block" */
  blobType?: BlobType;
  /** Pad a file of unrecognised format with zero bytes (see padForPageBlob). @default false */
  allowPadding?: boolean;
  /** Stops archiving (Ctrl-C): the promise rejects after removing what it wrote. */
  signal?: AbortSignal;
  /**
   * Makes the folder an archive or padded copy is written in, called only when one is needed;
   * the folder is then the caller's to remove. @default a temporary folder `cleanup` removes
   */
  workDir?: () => string;
  /** What inspectSource found for this source just before, so a folder is walked once. */
  facts?: SourceFacts;
}

export interface PreparedSource {
  /** The file to stage: the source itself, or the archive or padded copy. */
  path: string;
  /** What the staged file is called, and so the default blob name (stagedFileName). */
  fileName: string;
  /** Set when a folder was archived. */
  archive?: ArchiveResult;
  /** Removes what preparing wrote (nothing when the source is staged as it is). */
  cleanup(): Promise<void>;
}

/** The refusal preparing throws: the first rule `facts` breaks, format choice included. */
function refusalOf(
  facts: SourceFacts,
  options: PrepareOptions,
): { code: string; message: string; fix: string } | undefined {
  const [refusal] = sourceRefusals(facts, options.kind ?? "package");
  if (refusal) return refusal;
  if (facts.type === "folder" && !isArchiveFormat(options.archiveFormat)) {
    const [problem] = folderFormatProblems(
      facts.path,
      "archiveFormat",
      (format) => `set archiveFormat to "${format}"`,
    );
    return problem && { code: "ARCHIVE_FORMAT_MISSING", ...problem };
  }
  return undefined;
}

/**
 * Checks the source (it may have changed since it was validated), then makes the bytes to stage.
 * Throws a StagingError naming the rule a source or its prepared bytes break.
 */
export async function prepareSource(
  source: string,
  options: PrepareOptions = {},
): Promise<PreparedSource> {
  const facts = options.facts ?? inspectSource(source);
  const refusal = refusalOf(facts, options);
  if (refusal) throw StagingError.of(refusal);
  const fileName = stagedFileName(source, options.archiveFormat);
  const page = options.blobType === "page";
  const needsCopy =
    facts.type === "folder" ||
    (page && facts.type === "file" && facts.size % PAGE_BLOB_ALIGNMENT !== 0);
  if (!needsCopy) return { path: source, fileName, cleanup: async () => undefined };

  const ownDir = options.workDir ? undefined : await mkdtemp(join(tmpdir(), "vmapps-staged-"));
  const cleanup = async () => {
    if (ownDir) await rm(ownDir, { recursive: true, force: true });
  };
  try {
    const dir = ownDir ?? (options.workDir as () => string)();
    let prepared: Omit<PreparedSource, "cleanup">;
    let size: number;
    if (facts.type === "folder") {
      const archive = await archiveListing(facts.listing, {
        format: options.archiveFormat as ArchiveFormat,
        outFile: join(dir, fileName),
        pageBlob: page,
        signal: options.signal,
      });
      prepared = { path: archive.path, fileName, archive };
      size = archive.size;
    } else {
      const padded = await padForPageBlob(source, {
        outFile: join(dir, basename(source)),
        allowPadding: options.allowPadding,
      });
      prepared = { path: padded.path, fileName };
      size = padded.size;
    }
    // Archiving or padding may cross the size limit the source itself kept to.
    const what = prepared.archive
      ? `the ${prepared.archive.format} archive of ${source}`
      : `the padded copy of ${source}`;
    const [tooLarge] = sourceRefusals(
      { path: what, type: "file", size },
      options.kind ?? "package",
    );
    if (tooLarge) throw StagingError.of(tooLarge);
    return { ...prepared, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/** What staging reports for prepared bytes, known before (and without) uploading them. */
export interface SourceDigest {
  fileName: string;
  size: number;
  /** Lowercase hex. */
  sha256: string;
  /** Lowercase hex, as `md5sum` prints it and StagedBlob reports it. */
  md5: string;
}

/** Prepares, hashes and removes what preparing wrote. */
export async function digestSource(
  source: string,
  options: PrepareOptions = {},
): Promise<SourceDigest> {
  const prepared = await prepareSource(source, options);
  try {
    const digests = await hashFile(prepared.path, options.signal);
    return {
      fileName: prepared.fileName,
      size: digests.size,
      sha256: digests.sha256,
      md5: Buffer.from(digests.md5, "base64").toString("hex"),
    };
  } finally {
    await prepared.cleanup();
  }
}
