/**
 * Archive formats a folder is staged as, and how one is chosen: the one list the components,
 * the StagedBlob engine and `vmapps stage` accept. Pure.
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to
 */
import { basename } from "node:path";
import { error, type Problem } from "../../core/shared/problems";

// The one definition (the components re-export it); an `as const` object so the schema
// Analyzer publishes it as an enum.
/**
 * Archive format used when a package or configuration `path` is a folder: zip (Windows:
 * Expand-Archive), tar.gz (Linux: tar -xzf) or tar (whole 512-byte records: a page blob needs
 * no padding).
 * @see https://learn.microsoft.com/azure/virtual-machines/vm-applications-how-to
 */
export const ArchiveFormat = { zip: "zip", tarGz: "tar.gz", tar: "tar" } as const;
export type ArchiveFormat = (typeof ArchiveFormat)[keyof typeof ArchiveFormat];

export const ARCHIVE_FORMATS: readonly ArchiveFormat[] = Object.values(ArchiveFormat);

export function isArchiveFormat(value: unknown): value is ArchiveFormat {
  return ARCHIVE_FORMATS.includes(value as ArchiveFormat);
}

const LISTED = ARCHIVE_FORMATS.map((format) => `"${format}"`).join(", ");

/** An archive format that is not one of ARCHIVE_FORMATS; leaving it out is not a problem here. */
export function archiveFormatProblems(format: unknown, field: string): Problem[] {
  if (format === undefined || isArchiveFormat(format)) return [];
  return [
    error(
      field,
      `${field} ${typeof format === "string" ? `"${format}"` : String(format)} is not an archive format.`,
      `Use one of ${LISTED}.`,
    ),
  ];
}

/**
 * The format a folder gets when none is named: what the OS unpacks without extra tools (zip for
 * Windows' Expand-Archive, tar.gz for Linux's tar -xzf).
 */
export function defaultArchiveFormat(osType: string): ArchiveFormat {
  return osType === "Windows" ? ArchiveFormat.zip : ArchiveFormat.tarGz;
}

/**
 * A folder has no format of its own, and the wrong one breaks the install command (`tar -xzf`
 * cannot open a zip): where no default applies, the user names it. `setting` writes the
 * instruction to set a format the way the caller's user does, e.g. `add --format tar.gz`.
 */
export function folderFormatProblems(
  path: string,
  field: string,
  setting: (format: ArchiveFormat) => string,
): Problem[] {
  return [
    error(
      field,
      `${path} is a folder: say which archive to stage it as.`,
      `${capitalized(setting(ArchiveFormat.tarGz))} for a Linux VM (its install command runs tar -xzf) or ${setting(ArchiveFormat.zip)} for Windows (Expand-Archive); ${setting(ArchiveFormat.tar)} for an uncompressed tar.`,
    ),
  ];
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * The file name the staged bytes get, and so the default blob name: a folder's archive is named
 * after the folder plus the format's extension (unless the name already ends with it). A format
 * given for a file is appended too: StagedBlob has always named it so, and the name is in state,
 * where another one would replace the blob.
 */
export function stagedFileName(source: string, archiveFormat?: string): string {
  const name = basename(source);
  return archiveFormat && !name.endsWith(`.${archiveFormat}`) ? `${name}.${archiveFormat}` : name;
}
