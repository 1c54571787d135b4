/**
 * What must stop a source before a single byte is archived or sent: the one home of these rules
 * for the components (at construction), the StagedBlob engine (at each deployment step),
 * `vmapps stage` and the uploader. Pure: the facts come from facts.ts.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications#limitations
 */
import {
  BYTES,
  MAX_CONFIG_BYTES,
  MAX_PACKAGE_BYTES,
  PAGE_BLOB_ALIGNMENT,
} from "../../core/shared/limits";
import { error, type Problem } from "../../core/shared/problems";
import type { BlobType } from "../../core/shared/replicas";
import { fileCount, type SourceFacts } from "./facts";

/** What the staged file becomes in the gallery: `mediaLink` (package) or `defaultConfigurationLink` (config). */
export type StagedKind = "package" | "config";
export const STAGED_KINDS: readonly StagedKind[] = ["package", "config"];

/** Size limit of a staged file by its role in the gallery (VM Applications limits: 2 GiB, 1 GiB). */
export function maxBytesFor(kind: StagedKind): number {
  return kind === "config" ? MAX_CONFIG_BYTES : MAX_PACKAGE_BYTES;
}

export type SourceRefusalCode =
  | "SOURCE_MISSING"
  | "SOURCE_NOT_A_FILE"
  | "SOURCE_EMPTY"
  | "SOURCE_TOO_LARGE"
  | "NOT_ALIGNED"
  | "ARCHIVE_EMPTY"
  | "ARCHIVE_UNSUPPORTED_ENTRY";

export interface SourceRefusal {
  code: SourceRefusalCode;
  message: string;
  fix: string;
}

/** How many refused entries a message names before it only counts the rest. */
const LISTED_ENTRIES = 5;

function kindName(kind: StagedKind): string {
  return kind === "config" ? "configuration file" : "package";
}

/**
 * Every reason `facts` cannot be staged as a `kind`: it exists; a file is neither empty nor
 * over the kind's limit; a folder holds at least one file and only files and folders (links
 * and special files would not survive the archive). Empty when it can be staged.
 */
export function sourceRefusals(facts: SourceFacts, kind: StagedKind): SourceRefusal[] {
  const { path } = facts;
  const what = kindName(kind);
  switch (facts.type) {
    case "missing":
      return [
        {
          code: "SOURCE_MISSING",
          message: `${path} does not exist.`,
          fix: "Check the path; a relative path starts at the working directory.",
        },
      ];
    case "other":
      return [
        {
          code: "SOURCE_NOT_A_FILE",
          message: `${path} is neither a file nor a folder.`,
          fix: `Give the ${what} file, or a folder holding its files.`,
        },
      ];
    case "file":
      return fileRefusals(path, facts.size, kind);
    case "folder": {
      const refusals: SourceRefusal[] = [];
      const { refused } = facts.listing;
      if (refused.length > 0) {
        const named = refused
          .slice(0, LISTED_ENTRIES)
          .map((entry) => `${entry.name} is a ${entry.what}`);
        if (refused.length > LISTED_ENTRIES) {
          named.push(`${refused.length - LISTED_ENTRIES} more`);
        }
        refusals.push({
          code: "ARCHIVE_UNSUPPORTED_ENTRY",
          message: `${path} holds what cannot be archived: ${named.join("; ")}.`,
          fix: "Replace each link with the file or folder it points to, or remove it: links do not survive zip, and resolve differently on each machine.",
        });
      }
      if (fileCount(facts.listing) === 0) {
        refusals.push({
          code: "ARCHIVE_EMPTY",
          message: `${path} contains no files, so the ${what} archive would be empty.`,
          fix: `Put the ${what}'s files in the folder, or give another folder or file.`,
        });
      }
      return refusals;
    }
  }
}

function fileRefusals(path: string, size: number, kind: StagedKind): SourceRefusal[] {
  const what = kindName(kind);
  if (size === 0) {
    return [
      {
        code: "SOURCE_EMPTY",
        message: `${path} is empty (0 bytes), and Azure rejects an empty ${what}.`,
        fix: `Give the built ${what}, or a folder holding its files.`,
      },
    ];
  }
  const limit = maxBytesFor(kind);
  if (size <= limit) return [];
  const limitText = `${limit / BYTES.GiB} GiB`;
  return [
    {
      code: "SOURCE_TOO_LARGE",
      message: `${path} is ${size} bytes; a ${what} may be at most ${limitText} (${limit} bytes).`,
      fix:
        kind === "config"
          ? `Shrink the configuration file below ${limitText}, or ship the data inside the package.`
          : `Shrink it below ${limitText}: leave large files out and download them at install time, or split the application into several VM applications.`,
    },
  ];
}

/** The refusals as Problems of `field`: what a component or the engine reports. */
export function sourceProblems(facts: SourceFacts, field: string, kind: StagedKind): Problem[] {
  return sourceRefusals(facts, kind).map((refusal) => error(field, refusal.message, refusal.fix));
}

/** A file as the uploader sees it; `stat` is undefined when the path does not exist. */
export interface UploadFacts {
  path: string;
  stat?: { isFile: boolean; size: number };
  kind: StagedKind;
  blobType: BlobType;
}

/**
 * The first reason a file cannot be uploaded as it is: the source rules, then the uploader's own
 * (it takes one file, archived and padded beforehand; a page blob's size is whole 512-byte pages).
 */
export function refuseSource(facts: UploadFacts): SourceRefusal | undefined {
  const { path, stat } = facts;
  if (stat && !stat.isFile) {
    return {
      code: "SOURCE_NOT_A_FILE",
      message: `${path} is not a regular file.`,
      fix: 'Archive a folder first with archivePackage(dir, { format: "zip" | "tar.gz" | "tar" }).',
    };
  }
  const [refusal] = stat
    ? fileRefusals(path, stat.size, facts.kind)
    : sourceRefusals({ path, type: "missing" }, facts.kind);
  if (refusal) return refusal;
  if (stat && facts.blobType === "page" && stat.size % PAGE_BLOB_ALIGNMENT !== 0) {
    return {
      code: "NOT_ALIGNED",
      message: `${path} is ${stat.size} bytes, not a multiple of ${PAGE_BLOB_ALIGNMENT} as a page blob requires.`,
      fix: "Pad it first with padForPageBlob(path), or build it with archivePackage(dir, { pageBlob: true }).",
    };
  }
  return undefined;
}
