import { createHash } from "node:crypto";
import type { BlobType } from "../../core/shared/replicas";
import { StagingError } from "../../staging/errors";
import { inspectSource } from "../../staging/source/facts";
import { type ArchiveFormat, stagedFileName } from "../../staging/source/formats";
import { digestSource, type SourceDigest } from "../../staging/source/prepare";

export type DescribedSource = SourceDigest;

/**
 * What staging would report for a source, computed locally by the staging engine's own
 * preparation and hash (sdk/staging/source/prepare.ts): a folder archived, a page blob's file
 * padded, in a temp folder removed afterwards, so the same bytes, hash and blob name. Nothing is
 * uploaded. A source staging refuses (missing, empty…) describes as empty, so validation
 * reports it; a folder without a format is described as zip.
 */
export async function describeSource(
  source: string,
  archiveFormat: string | undefined,
  blobType: string | undefined,
): Promise<DescribedSource> {
  const facts = inspectSource(source);
  const format = (archiveFormat ?? (facts.type === "folder" ? "zip" : undefined)) as
    | ArchiveFormat
    | undefined;
  try {
    return await digestSource(source, {
      facts,
      archiveFormat: format,
      blobType: blobType as BlobType | undefined,
      // A component refuses a page blob's file of unknown format unless padding is allowed:
      // one that gets this far is staged padded.
      allowPadding: true,
    });
  } catch (error) {
    if (!(error instanceof StagingError)) throw error;
    return {
      fileName: stagedFileName(source, format),
      size: 0,
      sha256: createHash("sha256").digest("hex"),
      md5: "",
    };
  }
}
