/**
 * What a version records about the blobs it was published from, so that a republish can tell a
 * blob still holds the published bytes before it signs a new SAS for it: the size and MD5 of
 * each staged blob, kept as tags on the version (Azure keeps no checksum of a version's media).
 * VmApplicationVersion writes them; `vmapps republish` reads them. Pure.
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources
 */

/** The two links of an application version that point at staged blobs. */
export type VersionLink = "mediaLink" | "defaultConfigurationLink";

/** Tag names per link. Tag names may not hold < > % & \ ? / (the dot is allowed). */
export const RECORDED_BLOB_TAGS: Readonly<Record<VersionLink, { bytes: string; md5: string }>> = {
  mediaLink: { bytes: "vmapps.packageBytes", md5: "vmapps.packageMd5" },
  defaultConfigurationLink: { bytes: "vmapps.configBytes", md5: "vmapps.configMd5" },
};

export interface RecordedBlob {
  size: number;
  /** MD5 of the content, lowercase hex (as `md5sum` prints it and StagedBlob outputs it). */
  md5: string;
}

/** The tags that record `blob` for `link`. */
export function recordedBlobTags(link: VersionLink, blob: RecordedBlob): Record<string, string> {
  const names = RECORDED_BLOB_TAGS[link];
  return { [names.bytes]: String(blob.size), [names.md5]: blob.md5 };
}

/** The blob recorded for `link`, or undefined when the tags do not hold a whole record. */
export function recordedBlobOf(
  tags: Readonly<Record<string, string>> | undefined,
  link: VersionLink,
): RecordedBlob | undefined {
  const names = RECORDED_BLOB_TAGS[link];
  const bytes = tags?.[names.bytes];
  const md5 = tags?.[names.md5];
  if (bytes === undefined || md5 === undefined || !/^\d+$/.test(bytes)) return undefined;
  if (!/^[0-9a-f]{32}$/i.test(md5)) return undefined;
  return { size: Number(bytes), md5: md5.toLowerCase() };
}

/**
 * How a blob found now differs from the record (its MD5 in hex too); empty when it is the same
 * content.
 */
export function blobDifferences(
  recorded: RecordedBlob,
  found: { size: number; md5?: string } | undefined,
): string[] {
  if (!found) return ["it no longer exists"];
  const differences: string[] = [];
  if (found.size !== recorded.size) {
    differences.push(`its size is ${found.size} bytes, ${recorded.size} when published`);
  }
  if (found.md5 !== recorded.md5) {
    differences.push(`its MD5 is ${found.md5 ?? "not set"}, ${recorded.md5} when published`);
  }
  return differences;
}
