/**
 * What the CLI report recognises resources by: the components' own tokens, never a copy, and the
 * one azure-native token it reads.
 */
import { COMPONENT_TOKENS, DYNAMIC_TYPES } from "../components/tokens";

export const VERSION_COMPONENT = COMPONENT_TOKENS.VmApplicationVersion;

/** An application version as azure-native registers it: declared directly, or by a component. */
export const ARM_VERSION = "azure-native:compute:GalleryApplicationVersion";

export const isStagedBlob = (type: string): boolean => type === DYNAMIC_TYPES.StagedBlob.token;
