/** What the CLI report recognises resources by: the components' own tokens, never a copy. */
import { COMPONENT_TOKENS, DYNAMIC_TYPES } from "../components/tokens";

export const VERSION_COMPONENT = COMPONENT_TOKENS.VmApplicationVersion;

export const isStagedBlob = (type: string): boolean => type === DYNAMIC_TYPES.StagedBlob.token;
