/**
 * The component type tokens the CLI report reads, in one place until sdk/components exports its
 * own `tokens.ts` (issue 9); then this file re-exports from there.
 */
export const VERSION_COMPONENT = "vmapps:index:VmApplicationVersion";

/** The staged-blob dynamic resource's type ends with this name (its prefix is the provider's). */
export const STAGED_BLOB_TYPE_SUFFIX = ":StagedBlob";

export const isStagedBlob = (type: string): boolean => type.endsWith(STAGED_BLOB_TYPE_SUFFIX);
